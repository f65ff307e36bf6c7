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
}
