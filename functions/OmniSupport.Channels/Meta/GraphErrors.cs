using System.Text.Json;
using OmniSupport.Channels.Outbound;

namespace OmniSupport.Channels.Meta;

/// <summary>Graph API errors: <c>{ "error": { "message", "type", "code", "error_subcode", "fbtrace_id" } }</c>.</summary>
internal static class GraphErrors
{
    public static string? Reason(JsonElement? json)
    {
        if (json is not { } body || body.String("error", "message") is not { } message)
        {
            return null;
        }

        var code = body.String("error", "code");
        var details = body.String("error", "error_data", "details");
        return (code is null ? message : $"(#{code}) {message}") + (details is null ? "" : " " + details);
    }
}
