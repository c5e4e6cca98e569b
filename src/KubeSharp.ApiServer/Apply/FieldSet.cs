using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Apply;

/// <summary>
/// A set of field paths, as upstream's structured-merge-diff keeps them: each path is a list of
/// path elements ("f:spec", "k:{\"name\":\"nginx\"}", "v:\"a\"") and is stored joined by a
/// separator that no element contains (keys and values are JSON, field names cannot hold it).
/// </summary>
internal sealed class FieldSet
{
    public const char Separator = '\u0001';

    private readonly HashSet<string> _paths;

    public FieldSet(IEnumerable<string>? paths = null) => _paths = new HashSet<string>(paths ?? [], StringComparer.Ordinal);

    public IReadOnlyCollection<string> Paths => _paths;

    public bool IsEmpty => _paths.Count == 0;

    public static string Join(string parent, string element) => parent.Length == 0 ? element : parent + Separator + element;

    public void Add(string path) => _paths.Add(path);

    public bool Contains(string path) => _paths.Contains(path);

    public FieldSet Union(FieldSet other) => new(_paths.Concat(other._paths));

    public FieldSet Except(FieldSet other) => new(_paths.Where(p => !other._paths.Contains(p)));

    public FieldSet Intersect(FieldSet other) => new(_paths.Where(other._paths.Contains));

    public FieldSet Where(Func<string, bool> keep) => new(_paths.Where(keep));

    /// <summary>True if a path strictly below <paramref name="path"/> is in the set.</summary>
    public bool HasBelow(string path) => _paths.Any(p => p.Length > path.Length && p[path.Length] == Separator && p.StartsWith(path, StringComparison.Ordinal));

    public bool SameAs(FieldSet other) => _paths.SetEquals(other._paths);

    /// <summary>Upstream's FieldsV1 tree: one object per element, "." marking a member that also has members below it.</summary>
    public JsonObject ToFieldsV1()
    {
        var root = new Node();
        foreach (var path in _paths)
        {
            var node = root;
            foreach (var element in path.Split(Separator))
            {
                node = node.Children.TryGetValue(element, out var child) ? child : node.Children[element] = new Node();
            }

            node.Member = true;
        }

        return root.ToJson();
    }

    public static FieldSet FromFieldsV1(JsonObject? tree)
    {
        var set = new FieldSet();
        void Walk(JsonObject node, string prefix)
        {
            foreach (var (element, child) in node)
            {
                if (element == ".")
                {
                    set.Add(prefix);
                }
                else if (child is JsonObject { Count: 0 })
                {
                    set.Add(Join(prefix, element));
                }
                else if (child is JsonObject inner)
                {
                    Walk(inner, Join(prefix, element));
                }
            }
        }

        if (tree is not null)
        {
            Walk(tree, string.Empty);
        }

        return set;
    }

    /// <summary>Upstream's path notation for messages: .spec.containers[name="nginx"].image.</summary>
    public static string Describe(string path)
    {
        var text = new System.Text.StringBuilder();
        foreach (var element in path.Split(Separator))
        {
            var body = element.Length > 2 ? element[2..] : string.Empty;
            _ = element[0] switch
            {
                'f' => text.Append('.').Append(body),
                'k' => text.Append('[').Append(string.Join(',', (JsonNode.Parse(body) as JsonObject ?? []).Select(p => $"{p.Key}={p.Value?.ToJsonString()}"))).Append(']'),
                'v' => text.Append("[=").Append(body).Append(']'),
                _ => text.Append('[').Append(body).Append(']'),
            };
        }

        return text.ToString();
    }

    private sealed class Node
    {
        public SortedDictionary<string, Node> Children { get; } = new(Comparer<string>.Create(CompareElements));

        public bool Member { get; set; }

        public JsonObject ToJson()
        {
            var json = new JsonObject();
            if (Member && Children.Count > 0)
            {
                json["."] = new JsonObject();
            }

            foreach (var (element, child) in Children)
            {
                json[element] = child.ToJson();
            }

            return json;
        }

        // Upstream's order: field names, then keys, then values, each sorted.
        private static int CompareElements(string a, string b)
        {
            static int Rank(string element) => element[0] switch { 'f' => 0, 'k' => 1, 'v' => 2, _ => 3 };
            var rank = Rank(a).CompareTo(Rank(b));
            return rank != 0 ? rank : string.CompareOrdinal(a, b);
        }
    }
}
