namespace KubeSharp.Proxy.Nftables;

/// <summary>
/// The commands that turn one Service's applied rules into its new ones: only chains whose rules
/// changed are flushed and written again, only elements that changed are deleted or added (a new
/// verdict is a delete and an add), affinity sets come and go with their endpoints, and the
/// hairpin set changes only when the last user of an IP goes or the first comes.
/// </summary>
internal static class RulesDiff
{
    /// <param name="service">The Service's key, as the owner of its elements.</param>
    /// <param name="old">What is applied for it (empty if nothing).</param>
    /// <param name="current">What it needs now (empty if it is gone).</param>
    /// <param name="batch">Where the commands go.</param>
    /// <param name="owners">Who owns each element; updated.</param>
    /// <param name="hairpin">The hairpin set's users; updated.</param>
    /// <param name="woken">Gets the Services that waited for an element this one let go.</param>
    /// <param name="conflicts">Gets the elements another Service owns, which are left out.</param>
    public static void Apply(
        string service,
        ServiceRules old,
        ServiceRules current,
        IncrementalBatch batch,
        ElementOwners owners,
        HairpinRefs hairpin,
        ICollection<string> woken,
        ICollection<NftElement> conflicts)
    {
        var recreatedSets = ApplySets(old, current, batch);
        ApplyChains(old, current, recreatedSets, batch);
        ApplyElements(service, old, current, batch, owners, woken, conflicts);
        ApplyHairpin(old, current, batch, hairpin);
    }

    /// <summary>Returns the sets deleted and added again because their timeout changed (a set's flags cannot change).</summary>
    private static List<string>? ApplySets(ServiceRules old, ServiceRules current, IncrementalBatch batch)
    {
        List<string>? recreated = null;
        foreach (var set in current.AffinitySets)
        {
            var before = Find(old.AffinitySets, set.Name);
            if (before is null)
            {
                batch.AddSet(set);
            }
            else if (before.Value.TimeoutSeconds != set.TimeoutSeconds)
            {
                batch.DeleteSet(set.Name);
                batch.AddSet(set);
                (recreated ??= new List<string>()).Add(set.Name);
            }
        }

        foreach (var set in old.AffinitySets)
        {
            if (Find(current.AffinitySets, set.Name) is null)
            {
                batch.DeleteSet(set.Name);
            }
        }

        return recreated;
    }

    private static void ApplyChains(ServiceRules old, ServiceRules current, List<string>? recreatedSets, IncrementalBatch batch)
    {
        foreach (var chain in current.Chains)
        {
            var before = Find(old.Chains, chain.Name);
            if (before is null)
            {
                batch.AddChain(chain.Name);
            }
            else if (before.HasSameRules(chain) && !UsesAny(before, recreatedSets))
            {
                continue;
            }
            else
            {
                batch.FlushChain(chain.Name);
            }

            foreach (var rule in chain.Rules)
            {
                batch.AddRule(chain.Name, rule);
            }
        }

        foreach (var chain in old.Chains)
        {
            if (Find(current.Chains, chain.Name) is null)
            {
                batch.FlushChain(chain.Name);
                batch.DeleteChain(chain.Name);
            }
        }
    }

    private static void ApplyElements(
        string service, ServiceRules old, ServiceRules current, IncrementalBatch batch, ElementOwners owners, ICollection<string> woken, ICollection<NftElement> conflicts)
    {
        // Keys of elements this Service owned and still needs; the rest of its new ones must be claimed.
        HashSet<ElementKey>? kept = null;
        foreach (var element in old.Elements)
        {
            var key = element.Id;
            if (!owners.Owns(key, service))
            {
                continue;
            }

            if (Find(current.Elements, key) is not { } now)
            {
                batch.DeleteElement(element.Map, element.Key);
                owners.Release(key, service, woken);
                continue;
            }

            (kept ??= new HashSet<ElementKey>()).Add(key);
            if (now.Verdict != element.Verdict)
            {
                batch.DeleteElement(element.Map, element.Key);
                batch.AddElement(now.Map, now.Key, now.Verdict);
            }
        }

        foreach (var element in current.Elements)
        {
            if (kept?.Contains(element.Id) == true)
            {
                continue;
            }

            if (owners.TryClaim(element.Id, service))
            {
                batch.AddElement(element.Map, element.Key, element.Verdict);
            }
            else
            {
                conflicts.Add(element);
            }
        }
    }

    private static void ApplyHairpin(ServiceRules old, ServiceRules current, IncrementalBatch batch, HairpinRefs hairpin)
    {
        // Services with many endpoints would make list lookups quadratic.
        ICollection<string> before = old.HairpinIps.Count > 16 ? new HashSet<string>(old.HairpinIps, StringComparer.Ordinal) : old.HairpinIps;
        ICollection<string> after = current.HairpinIps.Count > 16 ? new HashSet<string>(current.HairpinIps, StringComparer.Ordinal) : current.HairpinIps;
        foreach (var ip in old.HairpinIps)
        {
            if (!after.Contains(ip) && hairpin.Release(ip))
            {
                batch.DeleteElement(NftNames.HairpinSet, HairpinRefs.Element(ip));
            }
        }

        foreach (var ip in current.HairpinIps)
        {
            if (!before.Contains(ip) && hairpin.Acquire(ip))
            {
                batch.AddElement(NftNames.HairpinSet, HairpinRefs.Element(ip), null);
            }
        }
    }

    private static bool UsesAny(NftChain chain, List<string>? sets)
    {
        if (sets is null)
        {
            return false;
        }

        foreach (var rule in chain.Rules)
        {
            foreach (var set in sets)
            {
                if (rule.Contains("@" + set + " ", StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static NftChain? Find(List<NftChain> chains, string name)
    {
        foreach (var chain in chains)
        {
            if (chain.Name == name)
            {
                return chain;
            }
        }

        return null;
    }

    private static AffinitySet? Find(List<AffinitySet> sets, string name)
    {
        foreach (var set in sets)
        {
            if (set.Name == name)
            {
                return set;
            }
        }

        return null;
    }

    private static NftElement? Find(List<NftElement> elements, ElementKey key)
    {
        foreach (var element in elements)
        {
            if (element.Id == key)
            {
                return element;
            }
        }

        return null;
    }
}
