using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Patch;

namespace KubeSharp.ApiServer.Tests.Unit;

public sealed class PatchTests
{
    private static JsonNode Parse(string json) => JsonNode.Parse(json.Replace('\'', '"'))!;

    private static void AssertJson(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(Parse(expected), actual), $"expected {Parse(expected).ToJsonString()} got {actual?.ToJsonString()}");

    [Fact]
    public void Merge_patch_merges_objects_deletes_nulls_and_replaces_lists()
    {
        var result = JsonMergePatch.Apply(Parse("{'a':1,'b':{'c':2,'d':3},'l':[1,2]}"), Parse("{'a':null,'b':{'c':5},'l':[3]}"));

        AssertJson("{'b':{'c':5,'d':3},'l':[3]}", result);
    }

    [Fact]
    public void Json_patch_applies_every_operation()
    {
        var result = JsonPatch.Apply(
            Parse("{'a':{'b':1},'l':[1,2,3]}"),
            Parse("[{'op':'add','path':'/a/c','value':2},{'op':'remove','path':'/l/0'},{'op':'replace','path':'/a/b','value':9},{'op':'move','from':'/a/c','path':'/m'},{'op':'copy','from':'/m','path':'/n'},{'op':'test','path':'/n','value':2},{'op':'add','path':'/l/-','value':4}]"));

        AssertJson("{'a':{'b':9},'l':[2,3,4],'m':2,'n':2}", result);
    }

    [Fact]
    public void Json_patch_on_a_missing_path_or_a_failed_test_is_refused()
    {
        Assert.Equal("Invalid", Assert.Throws<ApiException>(() => JsonPatch.Apply(Parse("{}"), Parse("[{'op':'remove','path':'/x'}]"))).Reason);
        Assert.Equal("Invalid", Assert.Throws<ApiException>(() => JsonPatch.Apply(Parse("{'a':1}"), Parse("[{'op':'test','path':'/a','value':2}]"))).Reason);
        Assert.Equal("BadRequest", Assert.Throws<ApiException>(() => JsonPatch.Apply(Parse("{}"), Parse("{'op':'add'}"))).Reason);
    }

    [Fact]
    public void Strategic_merge_patch_merges_containers_by_name_and_keeps_the_rest()
    {
        var live = Parse("{'spec':{'containers':[{'name':'a','image':'a:1','env':[{'name':'X','value':'1'}],'ports':[{'containerPort':80}]},{'name':'b','image':'b:1'}],'tolerations':[{'key':'k'}]}}");
        var patch = Parse("{'spec':{'$setElementOrder/containers':[{'name':'b'},{'name':'a'}],'containers':[{'name':'a','image':'a:2','env':[{'name':'Y','value':'2'}],'ports':[{'containerPort':81}]}],'tolerations':[{'key':'t'}]}}");

        var result = StrategicMergePatch.Apply(live, patch, typeof(k8s.Models.V1Pod));

        // Containers, env and ports merge by key; tolerations have no merge key, so they are replaced.
        AssertJson("{'spec':{'containers':[{'name':'b','image':'b:1'},{'name':'a','image':'a:2','env':[{'name':'X','value':'1'},{'name':'Y','value':'2'}],'ports':[{'containerPort':80},{'containerPort':81}]}],'tolerations':[{'key':'t'}]}}", result);
    }

    [Fact]
    public void Strategic_merge_patch_directives_replace_delete_retain_and_delete_from_primitive_lists()
    {
        var live = Parse("{'spec':{'containers':[{'name':'a'},{'name':'b'}],'volumes':[{'name':'v','emptyDir':{},'x':1}],'nodeSelector':{'k':'1','j':'2'}},'metadata':{'finalizers':['f1','f2']}}");
        var patch = Parse("{'spec':{'containers':[{'name':'b','$patch':'delete'}],'volumes':[{'name':'v','$retainKeys':['name','hostPath'],'hostPath':{'path':'/x'}}],'nodeSelector':{'$patch':'replace','z':'3'}},'metadata':{'$deleteFromPrimitiveList/finalizers':['f1'],'finalizers':['f3']}}");

        var result = StrategicMergePatch.Apply(live, patch, typeof(k8s.Models.V1Pod));

        AssertJson("{'spec':{'containers':[{'name':'a'}],'volumes':[{'name':'v','hostPath':{'path':'/x'}}],'nodeSelector':{'z':'3'}},'metadata':{'finalizers':['f2','f3']}}", result);
    }
}
