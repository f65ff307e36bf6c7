using System.Text.Json;
using System.Text.Json.Serialization;

namespace OmniSupport.Orchestrations.Policies.Reading;

/// <summary>
/// A field of the policy file as it was written: missing, null, the value, or a value of the wrong JSON
/// kind (kept as the kind it was). Reading never stops at a wrong kind, so the validator can name every
/// problem of the file by its path instead of only the first one the deserializer met.
/// </summary>
[JsonConverter(typeof(LenientConverterFactory))]
public readonly record struct Lenient<T>(bool IsPresent, T? Value, string? WrongKind)
{
    public bool HasValue => IsPresent && WrongKind is null && Value is not null;
}

public sealed class LenientConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(Lenient<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(LenientConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

    private sealed class LenientConverter<T> : JsonConverter<Lenient<T>>
    {
        // A missing property is never handed to a converter: default(Lenient<T>) stands for it.
        public override bool HandleNull => true;

        public override Lenient<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return new Lenient<T>(true, default, null);
            }

            if (typeof(T) == typeof(JsonElement))
            {
                return new Lenient<T>(true, (T)(object)JsonElement.ParseValue(ref reader), null);
            }

            if (typeof(T) == typeof(List<string>))
            {
                return (Lenient<T>)(object)ReadStrings(ref reader);
            }

            var expected = Expected(typeof(T));
            if (reader.TokenType != expected && !(expected == JsonTokenType.True && reader.TokenType == JsonTokenType.False))
            {
                var kind = Kind(reader.TokenType);
                reader.Skip();
                return new Lenient<T>(true, default, kind);
            }

            if (typeof(T) == typeof(int))
            {
                return reader.TryGetInt32(out var number)
                    ? new Lenient<T>(true, (T)(object)number, null)
                    : new Lenient<T>(true, default, "number that is not a whole number in range");
            }

            return new Lenient<T>(true, JsonSerializer.Deserialize<T>(ref reader, options), null);
        }

        public override void Write(Utf8JsonWriter writer, Lenient<T> value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value.Value, options);

        /// <summary>A string, or an array of strings.</summary>
        private static Lenient<List<string>> ReadStrings(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                return new(true, [reader.GetString()!], null);
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                var kind = Kind(reader.TokenType);
                reader.Skip();
                return new(true, null, kind);
            }

            var list = new List<string>();
            var wrong = false;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType == JsonTokenType.String)
                {
                    list.Add(reader.GetString()!);
                }
                else
                {
                    wrong = true;
                    reader.Skip();
                }
            }

            return wrong ? new(true, null, "array holding something other than strings") : new(true, list, null);
        }

        private static JsonTokenType Expected(Type type) =>
            type == typeof(string) ? JsonTokenType.String
            : type == typeof(bool) ? JsonTokenType.True
            : type == typeof(int) ? JsonTokenType.Number
            : type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>) ? JsonTokenType.StartArray
            : JsonTokenType.StartObject;

        private static string Kind(JsonTokenType token) => token switch
        {
            JsonTokenType.String => "string",
            JsonTokenType.Number => "number",
            JsonTokenType.True or JsonTokenType.False => "true/false",
            JsonTokenType.StartArray => "array",
            JsonTokenType.StartObject => "object",
            _ => token.ToString(),
        };
    }
}
