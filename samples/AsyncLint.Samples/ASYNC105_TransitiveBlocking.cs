namespace AsyncLint.Samples;

/// <summary>ASYNC105: the blocking hides one call away.</summary>
public class SettingsStore
{
    public string Load(string name) => ReadFile(name);

    public Task<string> LoadAsync(string name, CancellationToken cancellationToken) => File.ReadAllTextAsync(name, cancellationToken);

    private static string ReadFile(string name) => File.ReadAllTextAsync(name).Result; // ASYNC104 here...
}

public class SettingsController
{
    private readonly SettingsStore _store = new();

    public async Task<string> GetAsync(string name, CancellationToken cancellationToken)
    {
        await Task.Yield();
        return _store.Load(name); // ...and ASYNC105 here: use await _store.LoadAsync(name, cancellationToken)
    }
}
