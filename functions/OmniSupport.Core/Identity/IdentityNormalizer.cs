using System.Globalization;
using System.Net.Mail;
using System.Text;
using Microsoft.Extensions.Options;
using PhoneNumbers;
using OmniSupport.Core.Common;

namespace OmniSupport.Core.Identity;

public sealed class IdentityOptions
{
    public const string SectionName = "Identity";

    /// <summary>ISO 3166 region used to read phone numbers written without a country code.</summary>
    public string DefaultRegion { get; set; } = "US";
}

/// <summary>
/// Turns what a provider sent into the one spelling the identity index is keyed on. The rule is that
/// two spellings share a key only when they name the same mailbox or line; a look-alike never does:
/// <list type="bullet">
/// <item>Emails: the local part has only its ASCII letters lower-cased; every other character is kept
/// as sent (culture-aware lower-casing maps the KELVIN SIGN onto <c>k</c>, which would hand one
/// customer's timeline to a stranger). The domain is put in its one ASCII (punycode) form.</item>
/// <item>Phones: a single optional leading <c>+</c>, then digits (any script's decimal digits, read as
/// ASCII) and the separators <c>space ( ) - . /</c>; letters, a second <c>+</c> or a leading <c>-</c>
/// are refused rather than guessed at; then E.164 through libphonenumber.</item>
/// <item>Handles and account ids: trimmed, kept as sent; control characters refused.</item>
/// </list>
/// </summary>
public sealed class IdentityNormalizer(IOptions<IdentityOptions> options)
{
    /// <summary>Longest identity value kept (RFC 5321 caps a path at 256 octets; the index key must fit a table key).</summary>
    public const int MaxValueLength = 256;

    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();
    private static readonly IdnMapping Idn = new() { UseStd3AsciiRules = true };
    private readonly string _region = options.Value.DefaultRegion.ToUpperInvariant();

    /// <summary>The normalized identity, or null when the value is not a valid one of its kind.</summary>
    public ContactIdentity? Normalize(string kind, string? raw)
    {
        if (string.IsNullOrWhiteSpace(kind) || string.IsNullOrWhiteSpace(raw) || raw.Length > MaxValueLength * 4)
        {
            return null;
        }

        var k = kind.Trim().ToLowerInvariant();
        var value = raw.Trim();
        if (!IsCleanKind(k) || TextRules.HasControlOrInvisible(value))
        {
            return null;
        }

        return k switch
        {
            IdentityKinds.Email => NormalizeEmail(value),
            IdentityKinds.Phone => NormalizePhone(value),
            _ => value.Length <= MaxValueLength ? new ContactIdentity(k, value) : null,
        };
    }

    private static bool IsCleanKind(string kind) => TextRules.IsLowerToken(kind, 32);

    private static ContactIdentity? NormalizeEmail(string value)
    {
        // "Ana <ana@example.com>" and "mailto:" forms arrive from real providers.
        if (value.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
        {
            value = value[7..];
        }

        // The address as sent: MailAddress validates it, but its Address applies Unicode normalization
        // (the KELVIN SIGN becomes a 'K'), which is exactly the folding that must not happen.
        var open = value.LastIndexOf('<');
        var spec = open >= 0 && value.EndsWith('>') ? value[(open + 1)..^1].Trim() : value;
        if (!MailAddress.TryCreate(spec, out _))
        {
            return null;
        }

        var at = spec.LastIndexOf('@');
        if (at <= 0 || at == spec.Length - 1)
        {
            return null;
        }

        var local = LowerAscii(spec[..at]);
        string domain;
        try
        {
            domain = Idn.GetAscii(spec[(at + 1)..].TrimEnd('.')).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return null;
        }

        var normalized = local + "@" + domain;
        return normalized.Length <= MaxValueLength && domain.Contains('.', StringComparison.Ordinal)
            ? new ContactIdentity(IdentityKinds.Email, normalized)
            : null;
    }

    private static string LowerAscii(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            builder.Append(char.IsAsciiLetterUpper(c) ? (char)(c + 32) : c);
        }

        return builder.ToString();
    }

    private ContactIdentity? NormalizePhone(string value)
    {
        // WhatsApp and Twilio prefix numbers with the channel ("whatsapp:+1…", "tel:").
        var colon = value.LastIndexOf(':');
        if (colon >= 0)
        {
            value = value[(colon + 1)..].Trim();
        }

        if (ToPlainDigits(value) is not { } plain)
        {
            return null;
        }

        try
        {
            var number = Phones.Parse(plain, _region);
            if (!Phones.IsPossibleNumber(number))
            {
                return null;
            }

            return new ContactIdentity(IdentityKinds.Phone, Phones.Format(number, PhoneNumberFormat.E164));
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    /// <summary>The number with only ASCII digits, separators and at most one leading '+'; null when anything else is in it.</summary>
    private static string? ToPlainDigits(string value)
    {
        var builder = new StringBuilder(value.Length);
        var digits = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '+' && i == 0)
            {
                builder.Append(c);
            }
            else if (char.IsDigit(c))
            {
                builder.Append((char)('0' + (int)char.GetNumericValue(c)));
                digits++;
            }
            else if (c is ' ' or '(' or ')' or '.' or '/' || (c == '-' && digits > 0))
            {
                builder.Append(c);
            }
            else
            {
                return null;
            }
        }

        return digits is >= 3 and <= 17 ? builder.ToString() : null;
    }
}
