using Microsoft.Extensions.Options;
using OmniSupport.Core.Identity;

namespace OmniSupport.Core.Tests;

public sealed class IdentityNormalizerTests
{
    private static IdentityNormalizer Normalizer(string region = "US") => new(Options.Create(new IdentityOptions { DefaultRegion = region }));

    [Theory]
    [InlineData("  Ana.Lopez@Example.COM ", "ana.lopez@example.com")]
    [InlineData("mailto:ana@example.com", "ana@example.com")]
    [InlineData("Ana <ana@example.com>", "ana@example.com")]
    public void Emails_are_trimmed_and_lower_cased(string raw, string expected)
    {
        Assert.Equal(new ContactIdentity("email", expected), Normalizer().Normalize("email", raw));
    }

    [Theory]
    [InlineData("(415) 555-0100", "US", "+14155550100")]
    [InlineData("+1 415 555 0100", "US", "+14155550100")]
    [InlineData("whatsapp:+14155550100", "US", "+14155550100")]
    [InlineData("020 7183 8750", "GB", "+442071838750")]
    [InlineData("tel:+44 20 7183 8750", "US", "+442071838750")]
    public void Phones_become_E164_using_the_default_region_for_national_numbers(string raw, string region, string expected)
    {
        Assert.Equal(new ContactIdentity("phone", expected), Normalizer(region).Normalize("phone", raw));
    }

    [Theory]
    [InlineData("email", "not-an-email")]
    [InlineData("phone", "12")]
    [InlineData("phone", "call me maybe")]
    [InlineData("email", "   ")]
    public void Invalid_values_normalize_to_null(string kind, string raw)
    {
        Assert.Null(Normalizer().Normalize(kind, raw));
    }

    [Fact]
    public void Handles_keep_their_value_and_get_a_lower_case_kind()
    {
        Assert.Equal(new ContactIdentity("x", "1234567"), Normalizer().Normalize(" X ", " 1234567 "));
        Assert.Equal(new ContactIdentity("account", "ACME-42"), Normalizer().Normalize("account", "ACME-42"));
    }
    [Theory]
    [InlineData("ctl-loo\u212Aalike@example.com")]  // KELVIN SIGN: culture-aware lower-casing makes it a 'k'
    [InlineData("\u0130nfo@example.com")]           // LATIN CAPITAL I WITH DOT: lower-cases to 'i' + combining dot
    [InlineData("ana\u017F@example.com")]           // LONG S: case-folds to 's'
    public void A_look_alike_email_never_normalizes_onto_the_ascii_mailbox_it_resembles(string lookAlike)
    {
        var normalized = Normalizer().Normalize("email", lookAlike);

        Assert.NotNull(normalized);
        Assert.NotEqual("ctl-lookalike@example.com", normalized!.Value);
        Assert.NotEqual("info@example.com", normalized.Value);
        Assert.NotEqual("anas@example.com", normalized.Value);
        Assert.Equal(lookAlike.Split('@')[0], normalized.Value.Split('@')[0]);
    }

    [Fact]
    public void Email_local_parts_have_only_their_ascii_letters_lower_cased()
    {
        Assert.Equal("jos\u00C9.ana@example.com", Normalizer().Normalize("email", "JOS\u00C9.Ana@Example.com")!.Value);
    }

    [Theory]
    [InlineData("ana@b\u00FCcher.example", "ana@xn--bcher-kva.example")]
    [InlineData("ana@B\u00DCCHER.example", "ana@xn--bcher-kva.example")]
    [InlineData("ana@xn--bcher-kva.example", "ana@xn--bcher-kva.example")]
    [InlineData("ana@Example.COM.", "ana@example.com")]
    public void Internationalized_domains_have_one_canonical_ascii_form(string raw, string expected)
    {
        Assert.Equal(expected, Normalizer().Normalize("email", raw)!.Value);
    }

    [Theory]
    [InlineData("email", "ana\u0000@example.com")]
    [InlineData("email", "ana\u202E@example.com")]
    [InlineData("x", "\u0000")]
    [InlineData("x", "12\u200B34")]
    [InlineData("account", "ACME\n42")]
    public void Control_and_invisible_format_characters_make_an_identity_invalid(string kind, string raw)
    {
        Assert.Null(Normalizer().Normalize(kind, raw));
    }

    [Theory]
    [InlineData("++14155550100")]
    [InlineData("-14155550100")]
    [InlineData("+1-415-555-0100x")]
    [InlineData("\u0661\u0664\u0661\u0665\u0665\u0665\u0665\u0660\u0661\u0660\u0660abc")]
    [InlineData("1-800-FLOWERS")]
    [InlineData("+1 415 555 0100 ext 12")]
    public void Phone_numbers_with_letters_or_stray_signs_are_refused_not_guessed(string raw)
    {
        Assert.Null(Normalizer().Normalize("phone", raw));
    }

    [Fact]
    public void Phone_digits_of_other_scripts_read_as_the_same_number()
    {
        Assert.Equal("+14155550100", Normalizer().Normalize("phone", "+\u0661\u0664\u0661\u0665\u0665\u0665\u0665\u0660\u0661\u0660\u0660")!.Value);
    }

    [Fact]
    public void Identity_values_over_256_characters_are_refused()
    {
        Assert.Null(Normalizer().Normalize("email", new string('a', 300) + "@example.com"));
        Assert.Null(Normalizer().Normalize("x", new string('1', 257)));
    }
}
