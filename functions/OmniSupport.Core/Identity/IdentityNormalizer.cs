using System.Net.Mail;
using Microsoft.Extensions.Options;
using PhoneNumbers;

namespace OmniSupport.Core.Identity;

public sealed class IdentityOptions
{
    public const string SectionName = "Identity";

    /// <summary>ISO 3166 region used to read phone numbers written without a country code.</summary>
    public string DefaultRegion { get; set; } = "US";
}

/// <summary>
/// Turns what a provider sent into the one spelling the identity index is keyed on:
/// emails trimmed and lower-cased, phones in E.164, handles trimmed and lower-cased kinds.
/// </summary>
public sealed class IdentityNormalizer(IOptions<IdentityOptions> options)
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();
    private readonly string _region = options.Value.DefaultRegion.ToUpperInvariant();

    /// <summary>The normalized identity, or null when the value is not a valid one of its kind.</summary>
    public ContactIdentity? Normalize(string kind, string? raw)
    {
        if (string.IsNullOrWhiteSpace(kind) || string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var k = kind.Trim().ToLowerInvariant();
        var value = raw.Trim();
        return k switch
        {
            IdentityKinds.Email => NormalizeEmail(value),
            IdentityKinds.Phone => NormalizePhone(value),
            _ => value.Length <= 256 ? new ContactIdentity(k, value) : null,
        };
    }

    private static ContactIdentity? NormalizeEmail(string value)
    {
        // "Ana <ana@example.com>" and "mailto:" forms arrive from real providers.
        if (value.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
        {
            value = value[7..];
        }

        if (!MailAddress.TryCreate(value, out var address))
        {
            return null;
        }

        return new ContactIdentity(IdentityKinds.Email, address.Address.Trim().ToLowerInvariant());
    }

    private ContactIdentity? NormalizePhone(string value)
    {
        // WhatsApp and Twilio prefix numbers with the channel ("whatsapp:+1…", "tel:").
        var colon = value.LastIndexOf(':');
        if (colon >= 0)
        {
            value = value[(colon + 1)..];
        }

        try
        {
            var number = Phones.Parse(value, _region);
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
}
