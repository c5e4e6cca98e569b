namespace KubeSharp.Controllers.Shared;

/// <summary>
/// upstream's ControllerExpectations: how many creations and deletions a controller has asked for
/// and not yet seen in its informer. Until they are seen (or 5 minutes pass) the controller does
/// not act on the count it sees, which would still miss them and make it create or delete twice.
/// </summary>
public sealed class ControllerExpectations(TimeProvider time)
{
    /// <summary>ExpectationsTimeout: after this, expectations are considered stale and ignored.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    private readonly Dictionary<string, Expectation> _expectations = new(StringComparer.Ordinal);

    public bool Satisfied(string key)
    {
        lock (_expectations)
        {
            return !_expectations.TryGetValue(key, out var expectation)
                || (expectation.Add <= 0 && expectation.Delete <= 0)
                || time.GetUtcNow() - expectation.Since > Timeout;
        }
    }

    public void Expect(string key, int add, int delete)
    {
        lock (_expectations)
        {
            _expectations[key] = new Expectation(add, delete, time.GetUtcNow());
        }
    }

    public void CreationObserved(string key) => Lower(key, 1, 0);

    public void DeletionObserved(string key) => Lower(key, 0, 1);

    /// <summary>Gives up expectations for actions that failed, so they are not waited for.</summary>
    public void Lower(string key, int add, int delete)
    {
        lock (_expectations)
        {
            if (_expectations.TryGetValue(key, out var expectation))
            {
                _expectations[key] = expectation with { Add = expectation.Add - add, Delete = expectation.Delete - delete };
            }
        }
    }

    public void Delete(string key)
    {
        lock (_expectations)
        {
            _expectations.Remove(key);
        }
    }

    private sealed record Expectation(int Add, int Delete, DateTimeOffset Since);
}
