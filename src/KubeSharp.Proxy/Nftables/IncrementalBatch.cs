using System.Text;

namespace KubeSharp.Proxy.Nftables;

/// <summary>
/// The commands of a partial sync, in the order one nft transaction needs them: elements that go
/// or change are deleted first and new chains created; changed and removed chains are flushed
/// before the affinity sets their old rules used are deleted and new sets added; then rules and
/// elements are added; chains nothing points to any more are deleted last.
/// </summary>
internal sealed class IncrementalBatch(string table)
{
    private readonly StringBuilder _deleteElements = new();
    private readonly StringBuilder _addChains = new();
    private readonly StringBuilder _flushChains = new();
    private readonly StringBuilder _deleteSets = new();
    private readonly StringBuilder _addSets = new();
    private readonly StringBuilder _addRules = new();
    private readonly StringBuilder _addElements = new();
    private readonly StringBuilder _deleteChains = new();

    public int Commands { get; private set; }

    public void DeleteElement(string container, string key) =>
        Line(_deleteElements, "delete element ").Append(container).Append(" { ").Append(key).Append(" }\n");

    /// <summary>Adds a map element, or a set element when <paramref name="verdict"/> is null.</summary>
    public void AddElement(string container, string key, string? verdict)
    {
        var line = Line(_addElements, "add element ").Append(container).Append(" { ").Append(key);
        if (verdict is not null)
        {
            line.Append(" : ").Append(verdict);
        }

        line.Append(" }\n");
    }

    public void AddChain(string name) => Line(_addChains, "add chain ").Append(name).Append('\n');

    public void FlushChain(string name) => Line(_flushChains, "flush chain ").Append(name).Append('\n');

    public void DeleteChain(string name) => Line(_deleteChains, "delete chain ").Append(name).Append('\n');

    public void AddRule(string chain, string rule) => Line(_addRules, "add rule ").Append(chain).Append(' ').Append(rule).Append('\n');

    public void AddSet(AffinitySet set) => FullScript.AppendSetBody(Line(_addSets, "add set ").Append(set.Name), set).Append('\n');

    public void DeleteSet(string name) => Line(_deleteSets, "delete set ").Append(name).Append('\n');

    public override string ToString() => new StringBuilder()
        .Append(_deleteElements)
        .Append(_addChains)
        .Append(_flushChains)
        .Append(_deleteSets)
        .Append(_addSets)
        .Append(_addRules)
        .Append(_addElements)
        .Append(_deleteChains)
        .ToString();

    /// <summary>Starts a command on the table: "add chain " becomes "add chain ip T ".</summary>
    private StringBuilder Line(StringBuilder phase, string command)
    {
        Commands++;
        return phase.Append(command).Append("ip ").Append(table).Append(' ');
    }
}
