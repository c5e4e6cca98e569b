using k8s.Models;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Selectors;
using KubeSharp.Client.Informers;
using KubeSharp.Controllers.Shared;

namespace KubeSharp.Controllers.Deployment;

/// <summary>The informers' event handlers: each works out which Deployments a change concerns and only enqueues their keys.</summary>
public sealed partial class DeploymentController
{
    private void Enqueue(V1Deployment d) => _queue.Add(ObjectKeys.Of(d));

    /// <summary>resolveControllerRef: the Deployment a controller reference names, if it is the cached one (same UID).</summary>
    private V1Deployment? Resolve(string? ns, V1OwnerReference? reference)
    {
        if (reference is not { Kind: "Deployment" })
        {
            return null;
        }

        var d = _deployments.Store.Get($"{ns}/{reference.Name}");
        return d is not null && d.Metadata.Uid == reference.Uid ? d : null;
    }

    /// <summary>
    /// getDeploymentsForReplicaSet: the Deployments of the ReplicaSet's namespace whose selector
    /// matches its labels (one of them may adopt it). An empty selector matches nothing here.
    /// </summary>
    private List<V1Deployment> DeploymentsSelecting(V1ReplicaSet rs)
    {
        var labels = LabelUtil.ReadOnly(rs.Metadata.Labels);
        if (labels is not { Count: > 0 })
        {
            return [];
        }

        var selecting = new List<V1Deployment>();
        foreach (var d in _deployments.Store.ByIndex(Indexer<V1Deployment>.NamespaceIndex, rs.Metadata.NamespaceProperty ?? string.Empty))
        {
            LabelSelector selector;
            try
            {
                selector = LabelSelector.FromModel(d.Spec?.Selector);
            }
            catch (ApiException)
            {
                continue;
            }

            if (!selector.IsEverything && selector.Matches(labels))
            {
                selecting.Add(d);
            }
        }

        return selecting;
    }

    /// <summary>getDeploymentForPod: the Deployment owning the ReplicaSet owning the pod.</summary>
    private V1Deployment? DeploymentOf(V1Pod pod)
    {
        if (Owners.ControllerOf(pod) is not { Kind: "ReplicaSet" } reference)
        {
            return null;
        }

        var rs = _replicaSets.Store.Get($"{pod.Metadata.NamespaceProperty}/{reference.Name}");
        return rs is not null && rs.Metadata.Uid == reference.Uid ? Resolve(rs.Metadata.NamespaceProperty, Owners.ControllerOf(rs)) : null;
    }

    private sealed class DeploymentEvents(DeploymentController controller) : IResourceEventHandler<V1Deployment>
    {
        public void OnAdd(V1Deployment item) => controller.Enqueue(item);

        public void OnUpdate(V1Deployment old, V1Deployment current) => controller.Enqueue(current);

        // The sync finds it gone and does nothing; its ReplicaSets go by garbage collection.
        public void OnDelete(V1Deployment item) => controller.Enqueue(item);
    }

    private sealed class ReplicaSetEvents(DeploymentController controller) : IResourceEventHandler<V1ReplicaSet>
    {
        public void OnAdd(V1ReplicaSet item)
        {
            // After a restart, a ReplicaSet may first be seen already being deleted.
            if (item.Metadata.DeletionTimestamp is not null)
            {
                OnDelete(item);
                return;
            }

            if (Owners.ControllerOf(item) is { } reference)
            {
                if (controller.Resolve(item.Metadata.NamespaceProperty, reference) is { } owner)
                {
                    controller.Enqueue(owner);
                }

                return;
            }

            // An orphan: the Deployments selecting it may want to adopt it.
            foreach (var d in controller.DeploymentsSelecting(item))
            {
                controller.Enqueue(d);
            }
        }

        public void OnUpdate(V1ReplicaSet old, V1ReplicaSet current)
        {
            // A resync: nothing changed.
            if (current.Metadata.ResourceVersion == old.Metadata.ResourceVersion)
            {
                return;
            }

            var currentReference = Owners.ControllerOf(current);
            var oldReference = Owners.ControllerOf(old);
            var referenceChanged = currentReference != oldReference;
            if (referenceChanged && oldReference is not null && controller.Resolve(old.Metadata.NamespaceProperty, oldReference) is { } previous)
            {
                controller.Enqueue(previous);
            }

            if (currentReference is not null)
            {
                if (controller.Resolve(current.Metadata.NamespaceProperty, currentReference) is { } owner)
                {
                    controller.Enqueue(owner);
                }

                return;
            }

            // An orphan whose labels or owner changed may now be adoptable.
            if (referenceChanged || !LabelUtil.Same(current.Metadata.Labels, old.Metadata.Labels))
            {
                foreach (var d in controller.DeploymentsSelecting(current))
                {
                    controller.Enqueue(d);
                }
            }
        }

        // Orphans' deletions concern no Deployment.
        public void OnDelete(V1ReplicaSet item)
        {
            if (controller.Resolve(item.Metadata.NamespaceProperty, Owners.ControllerOf(item)) is { } owner)
            {
                controller.Enqueue(owner);
            }
        }
    }

    /// <summary>Only deletions matter: a Recreate rollout waits for its old pods to be gone.</summary>
    private sealed class PodEvents(DeploymentController controller) : IResourceEventHandler<V1Pod>
    {
        public void OnAdd(V1Pod item)
        {
        }

        public void OnUpdate(V1Pod old, V1Pod current)
        {
        }

        public void OnDelete(V1Pod item)
        {
            if (controller.DeploymentOf(item) is { } d && d.Spec?.Strategy?.Type == Deployments.RecreateStrategy)
            {
                controller.Enqueue(d);
            }
        }
    }
}
