using System.Security.Cryptography;

namespace AsyncLint.Samples;

/// <summary>ASYNC401: Task.Run around synchronous work where no UI thread is freed.</summary>
public class PasswordHasher
{
    // A fake-async wrapper: expose Hash(byte[]) and let UI callers offload it.
    public Task<byte[]> HashAsync(byte[] data) => Task.Run(() => SHA256.HashData(data)); // ASYNC401
}

public class SignupHandler
{
    public async Task<bool> HandleAsync(string email, CancellationToken ct)
    {
        var valid = await Task.Run(() => IsValid(email), ct); // ASYNC401: on a server this only adds a thread switch
        await Task.Delay(10, ct);
        return valid;
    }

    public async Task<int[]> NotFlaggedAsync(string a, string b)
    {
        // parallelism: two CPU-bound pieces at once
        return await Task.WhenAll(Task.Run(() => a.Length), Task.Run(() => b.Length));
    }

    private static bool IsValid(string email) => email.Contains('@');
}
