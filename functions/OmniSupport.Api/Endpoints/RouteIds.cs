using Microsoft.AspNetCore.Http;

namespace OmniSupport.Api.Endpoints;

/// <summary>
/// The ids in an API route (<c>{id}</c>, <c>{day}</c>): the hub issues them short and printable, so a
/// longer one, or one with a control or invisible character, is refused with 400 before it reaches a
/// table key (where it would fail as a storage error and be answered as if storage were down).
/// </summary>
public static class RouteIds
{
    public const int MaxIdLength = 128;

    /// <summary>The problem with the request's route ids, or null when they are all acceptable.</summary>
    public static string? Check(HttpRequest request)
    {
        foreach (var (name, raw) in request.RouteValues)
        {
            if (name is "provider" or "path" or "controller" or "action" || raw is not string value)
            {
                continue;
            }

            if (value.Length is 0 or > MaxIdLength)
            {
                return $"The '{name}' in the path must be 1 to {MaxIdLength} characters; it has {value.Length}.";
            }

            if (value.Any(char.IsWhiteSpace) || OmniSupport.Core.Common.TextRules.HasControlOrInvisible(value))
            {
                return $"The '{name}' in the path holds a space, control or invisible character: no id the hub issues does.";
            }
        }

        return null;
    }
}
