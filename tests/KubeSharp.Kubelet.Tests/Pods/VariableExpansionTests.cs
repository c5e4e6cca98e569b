using KubeSharp.Kubelet.Pods.Environment;

namespace KubeSharp.Kubelet.Tests.Pods;

public sealed class VariableExpansionTests
{
    private static readonly Dictionary<string, string> Vars = new(StringComparer.Ordinal)
    {
        ["VAR_A"] = "A",
        ["VAR_B"] = "B",
        ["VAR_EMPTY"] = "",
        ["VAR_REF"] = "$(VAR_A)",
    };

    // Cases from upstream's expansion tests.
    [Theory]
    [InlineData("$(VAR_A)", "A")]
    [InlineData("___$(VAR_B)___", "___B___")]
    [InlineData("$(VAR_A)-$(VAR_A)", "A-A")]
    [InlineData("f000-$$VAR_A", "f000-$VAR_A")]
    [InlineData("foo\\$(VAR_A)bar", "foo\\Abar")]
    [InlineData("$$(VAR_A)", "$(VAR_A)")]
    [InlineData("$$$(VAR_A)", "$A")]
    [InlineData("$$$$$$(VAR_A)", "$$$(VAR_A)")]
    [InlineData("$(VAR_EMPTY)", "")]
    [InlineData("$(VAR_REF)", "$(VAR_A)")]
    [InlineData("$(UNDEFINED)", "$(UNDEFINED)")]
    [InlineData("$(VAR_A", "$(VAR_A")]
    [InlineData("$VAR_A", "$VAR_A")]
    [InlineData("$", "$")]
    [InlineData("$()", "$()")]
    [InlineData("x$(VAR_A)$", "xA$")]
    [InlineData("no references", "no references")]
    public void References_expand_as_upstream(string input, string expected)
    {
        Assert.Equal(expected, VariableExpansion.Expand(input, name => Vars.GetValueOrDefault(name)));
    }
}
