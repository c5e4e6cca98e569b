namespace KubeSharp.Simulator.Tests;

public sealed class NodeSyntaxTests
{
    [Fact]
    public void Labels_are_comma_separated_key_value_pairs()
    {
        var labels = NodeSyntax.ParseLabels("team=a, tier=gpu,note=x=y");

        Assert.Equal(3, labels.Count);
        Assert.Equal("a", labels["team"]);
        Assert.Equal("gpu", labels["tier"]);
        Assert.Equal("x=y", labels["note"]);
        Assert.Empty(NodeSyntax.ParseLabels(string.Empty));
    }

    [Theory]
    [InlineData("team")]
    [InlineData("=a")]
    public void A_label_without_a_key_and_value_is_refused(string text) =>
        Assert.Throws<FormatException>(() => NodeSyntax.ParseLabels(text));

    [Fact]
    public void Taints_are_written_as_kubectl_taint_takes_them()
    {
        var taints = NodeSyntax.ParseTaints("dedicated=gpu:NoSchedule,spot:PreferNoSchedule");

        Assert.Collection(
            taints,
            t => Assert.Equal(("dedicated", "gpu", "NoSchedule"), (t.Key, t.Value, t.Effect)),
            t => Assert.Equal(("spot", (string?)null, "PreferNoSchedule"), (t.Key, t.Value, t.Effect)));
    }

    [Theory]
    [InlineData("dedicated=gpu")]
    [InlineData("dedicated=gpu:Sometimes")]
    [InlineData(":NoSchedule")]
    [InlineData("=gpu:NoSchedule")]
    public void A_taint_without_a_key_or_a_known_effect_is_refused(string text) =>
        Assert.Throws<FormatException>(() => NodeSyntax.ParseTaints(text));
}
