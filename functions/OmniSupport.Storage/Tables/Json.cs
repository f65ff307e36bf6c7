using System.Text.Json;
using System.Text.Json.Serialization;

namespace OmniSupport.Storage.Tables;

internal static class Json
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,

        // Stored, never embedded in HTML: non-ASCII text kept as it is (the default escapes each such
        // character as six), so a long email in any script fits the entity it was accepted for.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)
        ?? throw new JsonException($"Stored {typeof(T).Name} is empty.");
}
