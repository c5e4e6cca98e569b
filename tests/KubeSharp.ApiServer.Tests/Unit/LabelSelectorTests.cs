using KubeSharp.Api.Errors;
using KubeSharp.Api.Selectors;

namespace KubeSharp.ApiServer.Tests.Unit;

public sealed class LabelSelectorTests
{
    private static readonly Dictionary<string, string> Labels = new() { ["app"] = "web", ["tier"] = "front", ["version"] = "3" };

    [Theory]
    [InlineData("", true)]
    [InlineData("app=web", true)]
    [InlineData("app==web", true)]
    [InlineData("app!=web", false)]
    [InlineData("app=web,tier=back", false)]
    [InlineData("tier in (front, back)", true)]
    [InlineData("tier notin (front)", false)]
    [InlineData("missing notin (x)", true)]
    [InlineData("app", true)]
    [InlineData("!app", false)]
    [InlineData("!missing", true)]
    [InlineData("app=", false)]
    [InlineData("version>2", true)]
    [InlineData("version<3", false)]
    [InlineData("  app = web ,  tier in (front)  ", true)]
    public void Parses_and_matches_as_upstream(string text, bool matches)
    {
        Assert.Equal(matches, LabelSelector.Parse(text).Matches(Labels));
    }

    [Theory]
    [InlineData("=web")]
    [InlineData("app in (a")]
    [InlineData("app in a")]
    [InlineData("bad key=x")]
    [InlineData("app=va lue")]
    [InlineData("version>x")]
    public void Malformed_selectors_are_400s(string text)
    {
        var error = Assert.Throws<ApiException>(() => LabelSelector.Parse(text));

        Assert.Equal("BadRequest", error.Reason);
    }

    [Fact]
    public void A_null_model_selector_matches_nothing_and_an_empty_one_everything()
    {
        Assert.False(LabelSelector.FromModel(null).Matches(Labels));
        Assert.True(LabelSelector.FromModel(new k8s.Models.V1LabelSelector()).Matches(Labels));
    }

    [Fact]
    public void Field_selectors_support_equality_and_escapes()
    {
        var fields = new Dictionary<string, string> { ["metadata.name"] = "a,b", ["spec.nodeName"] = string.Empty };

        Assert.True(FieldSelector.Parse(@"metadata.name=a\,b,spec.nodeName=").Matches(fields));
        Assert.True(FieldSelector.Parse("spec.nodeName!=node-1").Matches(fields));
        Assert.Equal("a,b", FieldSelector.Parse(@"metadata.name=a\,b").RequiredValue("metadata.name"));
        Assert.Throws<ApiException>(() => FieldSelector.Parse("spec.foo=x").EnsureSupported(new HashSet<string> { "metadata.name" }));
    }
}
