namespace AsyncLint.Samples;

/// <summary>ASYNC105: the blocking hides one or more calls away.</summary>
public class SettingsStore
{
    public string Load(string name) => ReadFile(name);

    public string LoadCached(string name) => Normalize(ReadFile(name));

    public Task<string> LoadAsync(string name, CancellationToken cancellationToken) => File.ReadAllTextAsync(name, cancellationToken);

    private static string Normalize(string text) => text.Trim();

    private static string ReadFile(string name) => File.ReadAllTextAsync(name).Result; // ASYNC104: the root of the chain below
}

public class SettingsController
{
    private readonly SettingsStore _store = new();

    public async Task<string> GetAsync(string name, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var cached = _store.LoadCached(name); // ASYNC105: LoadCached → ReadFile → '.Result'
        return cached + _store.Load(name); // ASYNC201: an async counterpart exists: await _store.LoadAsync(name, cancellationToken)
    }
}
