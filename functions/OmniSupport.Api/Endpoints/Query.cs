using System.Globalization;
using Microsoft.AspNetCore.Http;
using OmniSupport.Core.Common;

namespace OmniSupport.Api.Endpoints;

/// <summary>Query-string values, absent when empty; a value that does not parse is the caller's 400.</summary>
internal static class Query
{
    public static string? Text(HttpRequest request, string name)
    {
        var value = request.Query[name].ToString().Trim();
        return value.Length == 0 ? null : value;
    }

    public static int? Number(HttpRequest request, string name)
    {
        var raw = Text(request, name);
        return raw is null ? null
            : int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value
            : throw new DomainRuleException($"{name} must be a whole number.", 400);
    }

    public static DateTimeOffset? Time(HttpRequest request, string name)
    {
        var raw = request.Query[name].ToString();
        if (raw.Length == 0)
        {
            return null;
        }

        return DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value
            : throw new DomainRuleException($"{name} must be an ISO 8601 date or time.", 400);
    }
}
