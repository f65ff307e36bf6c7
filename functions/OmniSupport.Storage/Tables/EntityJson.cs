using Azure.Data.Tables;

namespace OmniSupport.Storage.Tables;

/// <summary>
/// A record's JSON in a table entity. A string property holds at most 32K UTF-16 characters, and an
/// email body can be longer, so long JSON is split over <c>Data</c>, <c>Data1</c>, <c>Data2</c>…
/// (an entity holds up to 1 MiB).
/// </summary>
internal static class EntityJson
{
    private const int Chunk = 30_000;
    private const string Name = "Data";

    public static void Write(TableEntity entity, string json)
    {
        for (int i = 0, part = 0; i < json.Length || part == 0; i += Chunk, part++)
        {
            entity[part == 0 ? Name : Name + part] = json.Substring(i, Math.Min(Chunk, json.Length - i));
        }
    }

    public static string Read(TableEntity entity)
    {
        var first = entity.GetString(Name) ?? "";
        if (!entity.ContainsKey(Name + "1"))
        {
            return first;
        }

        var builder = new System.Text.StringBuilder(first);
        for (var part = 1; entity.TryGetValue(Name + part, out var value); part++)
        {
            builder.Append((string)value);
        }

        return builder.ToString();
    }
}
