namespace AsyncLint.Samples;

/// <summary>ASYNC301: async void methods that are not event handlers.</summary>
public class SettingsWindow
{
    public event EventHandler? Closed;

    public SettingsWindow() => Closed += OnClosed;

    public void Close() => Closed?.Invoke(this, EventArgs.Empty);

    private async void SaveSettings() // ASYNC301: nobody can await it; its exceptions crash the process
    {
        await File.WriteAllTextAsync("settings.json", "{}");
    }

    public async Task CloseAsync()
    {
        SaveSettings(); // the fix turns this into 'await SaveSettings();'
        await Task.Yield();
    }

    private async void OnClosed(object? sender, EventArgs e) // not flagged: an event handler
    {
        await Task.Delay(10);
    }
}
