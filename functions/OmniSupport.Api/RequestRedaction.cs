using Microsoft.AspNetCore.Http;

namespace OmniSupport.Api;

/// <summary>
/// A request's path and query as they may be written to logs and traces. Webhook URLs carry
/// secrets (SendGrid's path secret, ACS's <c>?secret=</c>, Meta's verify token) and look-ups carry
/// identities (<c>?email=</c>, <c>?phone=</c>): a webhook path keeps its provider and known
/// sub-routes only, and every query value is replaced, so the names of the parameters stay visible.
/// </summary>
public static class RequestRedaction
{
    public const string Redacted = "***";

    private static readonly HashSet<string> KnownWebhookSegments = new(StringComparer.OrdinalIgnoreCase)
    {
        "inbound", "events", "status", "sms", "voice", "messages", "dialogflow", "lex", "generic", "chat",
    };

    public static string Path(PathString path)
    {
        var value = path.Value ?? "";
        const string webhooks = "/api/webhooks/";
        if (!value.StartsWith(webhooks, StringComparison.OrdinalIgnoreCase))
        {
            return value.Length <= 256 ? value : value[..256] + "…";
        }

        var segments = value[webhooks.Length..].Split('/');
        var kept = segments.Select((s, i) => i == 0 && s.Length <= 32 && s.All(char.IsAsciiLetterOrDigit) ? s : KnownWebhookSegments.Contains(s) ? s : Redacted);
        return webhooks + string.Join('/', kept);
    }

    public static string Query(IQueryCollection query) =>
        query.Count == 0 ? "" : "?" + string.Join('&', query.Keys.Take(20).Select(k => (k.Length <= 64 ? k : k[..64]) + "=" + Redacted));

    /// <summary>An outgoing call's URL as it may be traced: no user info, query values replaced.</summary>
    public static string Url(Uri uri)
    {
        if (!uri.IsAbsoluteUri)
        {
            return Redacted;
        }

        var names = System.Web.HttpUtility.ParseQueryString(uri.Query).AllKeys.OfType<string>().Take(20).Select(k => (k.Length <= 64 ? k : k[..64]) + "=" + Redacted).ToList();
        return uri.GetLeftPart(UriPartial.Path).Replace(uri.UserInfo + "@", "", StringComparison.Ordinal) + (names.Count == 0 ? "" : "?" + string.Join('&', names));
    }

    public static string Describe(HttpRequest request) => request.Method + " " + Path(request.Path) + Query(request.Query);
}
