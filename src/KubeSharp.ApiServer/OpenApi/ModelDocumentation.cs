using System.Xml.Linq;

namespace KubeSharp.ApiServer.OpenApi;

/// <summary>
/// The descriptions of the KubernetesClient models (upstream's field docs), read from the
/// package's XML documentation beside the assembly; empty if it is absent.
/// </summary>
internal sealed class ModelDocumentation
{
    private readonly Dictionary<string, string> _members = new(StringComparer.Ordinal);

    public ModelDocumentation(string? xmlPath)
    {
        if (xmlPath is null || !File.Exists(xmlPath))
        {
            return;
        }

        foreach (var member in XDocument.Load(xmlPath).Descendants("member"))
        {
            if (member.Attribute("name")?.Value is { } name && member.Element("summary")?.Value is { } summary)
            {
                _members[name] = Normalize(summary);
            }
        }
    }

    public static ModelDocumentation ForKubernetesClient() =>
        new(Path.Combine(AppContext.BaseDirectory, "KubernetesClient.xml"));

    public string? Type(Type type) => _members.GetValueOrDefault("T:" + type.FullName);

    public string? Property(Type type, string property) => _members.GetValueOrDefault($"P:{type.FullName}.{property}");

    /// <summary>XML doc text is wrapped and indented; upstream descriptions are plain paragraphs.</summary>
    private static string Normalize(string text)
    {
        var lines = text.Split('\n').Select(l => l.Trim());
        var paragraphs = new List<string>();
        var current = new List<string>();
        foreach (var line in lines)
        {
            if (line.Length == 0)
            {
                if (current.Count > 0)
                {
                    paragraphs.Add(string.Join(' ', current));
                    current.Clear();
                }

                continue;
            }

            current.Add(line);
        }

        if (current.Count > 0)
        {
            paragraphs.Add(string.Join(' ', current));
        }

        return string.Join("\n\n", paragraphs);
    }
}
