using System.Text.Json.Nodes;
using KubeSharp.Api.Json;

namespace KubeSharp.ApiServer.Tables;

/// <summary>The columns of a resource's table and how one object becomes a row of cells.</summary>
internal sealed record TableDefinition(IReadOnlyList<TableColumn> Columns, Func<JsonObject, DateTimeOffset, JsonNode?[]> Row)
{
    /// <summary>Upstream's default table convertor: name and creation time.</summary>
    public static readonly TableDefinition Default = new(
        [TableColumn.ForName(), new TableColumn("Created At", "date", string.Empty, "CreationTimestamp is a timestamp representing the server time when this object was created.")],
        (item, _) => [item.GetString("metadata.name"), item.GetString("metadata.creationTimestamp")]);

    /// <summary>Name and age, the columns most resources start with.</summary>
    public static TableDefinition NameAge(params (TableColumn Column, Func<JsonObject, DateTimeOffset, JsonNode?> Cell)[] middle)
    {
        var columns = new List<TableColumn> { TableColumn.ForName() };
        columns.AddRange(middle.Select(m => m.Column));
        columns.Add(TableColumn.Age);
        return new TableDefinition(columns, (item, now) =>
        {
            var cells = new JsonNode?[columns.Count];
            cells[0] = item.GetString("metadata.name");
            for (var i = 0; i < middle.Length; i++)
            {
                cells[i + 1] = middle[i].Cell(item, now);
            }

            cells[^1] = Age(item, now);
            return cells;
        });
    }

    public static string Age(JsonObject item, DateTimeOffset now) => HumanDuration.Since(item.GetString("metadata.creationTimestamp"), now);
}
