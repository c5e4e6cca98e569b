using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Resources;
using KubeSharp.ApiServer.Handlers;

namespace KubeSharp.ApiServer.Tests.Unit;

public sealed class ModelShapeTests
{
    private static readonly ApiResource Deployments = new()
    {
        Group = "apps",
        Version = "v1",
        Kind = "Deployment",
        Plural = "deployments",
        Namespaced = true,
        ModelType = typeof(k8s.Models.V1Deployment),
    };

    private static JsonObject Deployment(string spec) =>
        (JsonObject)JsonNode.Parse("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"d\"},\"spec\":" + spec.Replace('\'', '"') + "}")!;

    [Fact]
    public void A_well_typed_object_passes_and_unknown_fields_are_listed()
    {
        var unknown = ModelShape.Check(Deployment("{'replicas':2,'bogus':1,'template':{'spec':{'containers':[{'name':'c','image':'i','resources':{'limits':{'cpu':'100m','memory':1024}},'extra':true}]}}}"), Deployments);

        Assert.Equal(["spec.bogus", "spec.template.spec.containers[0].extra"], unknown);
    }

    [Theory]
    [InlineData("{'replicas':'two'}", "cannot unmarshal string into Go struct field spec.replicas of type int32")]
    [InlineData("{'replicas':1.5}", "cannot unmarshal number into Go struct field spec.replicas of type int32")]
    [InlineData("{'paused':'yes'}", "cannot unmarshal string into Go struct field spec.paused of type bool")]
    [InlineData("{'template':{'spec':{'containers':{}}}}", "cannot unmarshal object into Go struct field spec.template.spec.containers of type []V1Container")]
    [InlineData("{'template':{'spec':{'containers':[{'name':'c','resources':{'limits':{'cpu':'lots'}}}]}}}", "spec.template.spec.containers[0].resources.limits.cpu")]
    [InlineData("{'selector':{'matchLabels':{'a':1}}}", "cannot unmarshal number into Go struct field spec.selector.matchLabels.a of type string")]
    public void A_mistyped_value_is_a_400_naming_the_field(string spec, string message)
    {
        var error = Assert.Throws<ApiException>(() => ModelShape.Check(Deployment(spec), Deployments));

        Assert.Equal("BadRequest", error.Reason);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("Deployment in version \"v1\" cannot be handled as a Deployment: json: cannot unmarshal", error.Message, StringComparison.Ordinal);
    }
}
