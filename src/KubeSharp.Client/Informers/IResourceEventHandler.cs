namespace KubeSharp.Client.Informers;

/// <summary>What an informer tells its users; handlers should only enqueue keys, never block.</summary>
public interface IResourceEventHandler<in T>
{
    void OnAdd(T item);

    void OnUpdate(T old, T current);

    void OnDelete(T item);
}
