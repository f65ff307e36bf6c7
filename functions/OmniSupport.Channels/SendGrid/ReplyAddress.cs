using System.Text.RegularExpressions;

namespace OmniSupport.Channels.SendGrid;

/// <summary>
/// The per-conversation reply-to address: <c>reply+{conversationId}@{inbound domain}</c>. The outbound email
/// sender puts it in Reply-To; a reply that comes back through Inbound Parse names its conversation with it.
/// </summary>
public static partial class ReplyAddress
{
    public static string For(string conversationId, string inboundDomain) => $"reply+{conversationId}@{inboundDomain}";

    /// <summary>The conversation id of the first reply address among the recipients, or null.</summary>
    public static string? FindToken(IEnumerable<string> addresses, string? inboundDomain)
    {
        foreach (var address in addresses)
        {
            var match = Pattern().Match(address.Trim());
            if (match.Success && (string.IsNullOrWhiteSpace(inboundDomain)
                || string.Equals(match.Groups["domain"].Value, inboundDomain.Trim(), StringComparison.OrdinalIgnoreCase)))
            {
                return match.Groups["token"].Value;
            }
        }

        return null;
    }

    [GeneratedRegex(@"^reply\+(?<token>[A-Za-z0-9_\-]{1,128})@(?<domain>[A-Za-z0-9.\-]+)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();
}
