using System.ComponentModel.DataAnnotations;
using System.Reflection;

namespace OmniSupport.Core.Common;

/// <summary>
/// The full name of the setting a property of an options class binds (<c>{SectionName}:{Property}</c>),
/// so a validation message says which setting to fix.
/// </summary>
public static class SettingName
{
    public static string Of(ValidationContext context) =>
        (context.ObjectType.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string is { } section
            ? section + ":"
            : "") + context.MemberName;
}

/// <summary>
/// A secret or token, when set, without leading or trailing whitespace: a value pasted with a newline would
/// fail every signature check in silence, so the host refuses to start instead.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class TrimmedSecretAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        value is string s && s.Length > 0 && s.Trim().Length != s.Length
            ? new ValidationResult($"{SettingName.Of(validationContext)} has leading or trailing whitespace (pasted with a newline?).", [validationContext.MemberName!])
            : ValidationResult.Success;
}

/// <summary>An integer setting within bounds; the message names the setting and the bounds.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SettingRangeAttribute(int minimum, int maximum) : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        value is int i && (i < minimum || i > maximum)
            ? new ValidationResult($"{SettingName.Of(validationContext)} must be {minimum} to {maximum}; it is {i}.", [validationContext.MemberName!])
            : ValidationResult.Success;
}
