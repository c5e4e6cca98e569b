using System.Globalization;
using k8s.Models;
using KubeSharp.Kubelet.Pods.Environment;

namespace KubeSharp.Kubelet.Tests.Pods;

public sealed class DownwardApiValuesTests
{
    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData("back\\slash", "\"back\\\\slash\"")]
    [InlineData("line\nbreak\ttab", "\"line\\nbreak\\ttab\"")]
    [InlineData("caf\u00e9 \u65e5\u672c", "\"caf\u00e9 \u65e5\u672c\"")]
    [InlineData("bell\u0007 nbsp\u00a0 del\u007f", "\"bell\\a nbsp\\u00a0 del\\x7f\"")]
    [InlineData("\u0001", "\"\\x01\"")]
    public void Values_are_quoted_as_go_quotes_them(string value, string expected)
    {
        Assert.Equal(expected, PodFields.GoQuote(value));
    }

    [Fact]
    public void Maps_are_sorted_by_key()
    {
        var map = new Dictionary<string, string> { ["zeta"] = "1", ["Alpha"] = "2", ["alpha"] = "3" };

        Assert.Equal("Alpha=\"2\"\nalpha=\"3\"\nzeta=\"1\"", PodFields.FormatMap(map));
        Assert.Equal(string.Empty, PodFields.FormatMap(null));
    }

    [Theory]
    [InlineData("metadata.labels['app']", true, "metadata.labels", "app")]
    [InlineData("metadata.annotations['a[b]c']", true, "metadata.annotations", "a[b]c")]
    [InlineData("metadata.labels['']", true, "metadata.labels", "")]
    [InlineData("metadata.labels", false, "metadata.labels", "")]
    [InlineData("['x']", false, "['x']", "")]
    [InlineData("a[']", false, "a[']", "")]
    public void Subscripts_split_off_the_key(string fieldPath, bool subscripted, string path, string key)
    {
        Assert.Equal(subscripted, PodFields.TrySplitSubscript(fieldPath, out var actualPath, out var actualKey));
        Assert.Equal((path, key), (actualPath, actualKey));
    }

    [Theory]
    [InlineData("250m", "1", "1")]
    [InlineData("250m", "1m", "250")]
    [InlineData("1500m", "1", "2")]
    [InlineData("2", "1", "2")]
    [InlineData("64Mi", "1Mi", "64")]
    [InlineData("100M", "1Mi", "96")]
    [InlineData("1", "3", "1")]
    [InlineData("0", "1", "0")]
    [InlineData("1", "0", "0")]
    public void Quantities_divide_rounding_up(string quantity, string divisor, string expected)
    {
        Assert.Equal(expected, ResourceFields.CeilingRatio(new ResourceQuantity(quantity).ToDecimal(), new ResourceQuantity(divisor).ToDecimal()));
    }

    [Fact]
    public void A_huge_ratio_saturates()
    {
        Assert.Equal(long.MaxValue.ToString(CultureInfo.InvariantCulture), ResourceFields.CeilingRatio(1e27m, 1e-6m));
    }

    [Fact]
    public void A_limit_left_unset_reads_the_node_allocatable()
    {
        var container = new V1Container
        {
            Name = "app",
            Resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("0") } },
        };
        var allocatable = NodeAllocatable.From(new Dictionary<string, ResourceQuantity> { ["cpu"] = new("3"), ["memory"] = new("2Gi") });

        Assert.Equal("3", ResourceFields.Value(new V1ResourceFieldSelector { Resource = "limits.cpu" }, container, allocatable));
        Assert.Equal("2048", ResourceFields.Value(new V1ResourceFieldSelector { Resource = "limits.memory", Divisor = new("1Mi") }, container, allocatable));
        Assert.Equal("0", ResourceFields.Value(new V1ResourceFieldSelector { Resource = "limits.cpu" }, container, NodeAllocatable.None));
    }
}
