using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Verify = AsyncLint.Tests.Verifiers.CSharpCodeFixVerifier<AsyncLint.Rules.AwaitUsingAnalyzer, AsyncLint.CodeFixes.Rules.AwaitUsingCodeFixProvider>;

namespace AsyncLint.Tests.Rules
{
    public class AwaitUsingTests
    {
        private const string Usings = "using System;\nusing System.Data.Common;\nusing System.IO;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

        private static string Method(string parameters, string body) => Usings + @"
class C
{
    async Task RunAsync(" + parameters + @")
    {
        await Task.Yield();
        " + body + @"
    }
}";

        [Fact]
        public Task Using_declaration_becomes_await_using()
            => Verify.VerifyCodeFixAsync(
                Method("string path", "{|#0:using|} var stream = File.OpenRead(path);\n        stream.ReadByte();"),
                Verify.Diagnostic("ASYNC202").WithLocation(0).WithArguments("FileStream", "async method 'RunAsync'"),
                Method("string path", "await using var stream = File.OpenRead(path);\n        stream.ReadByte();"));

        [Fact]
        public Task Using_statement_becomes_await_using()
            => Verify.VerifyCodeFixAsync(
                Method("DbConnection connection", "// keep me\n        [|using|] (connection)\n        {\n        }"),
                Method("DbConnection connection", "// keep me\n        await using (connection)\n        {\n        }"));

        [Fact]
        public Task Using_statement_with_declaration_becomes_await_using()
            => Verify.VerifyCodeFixAsync(
                Method("string path", "[|using|] (var writer = new StreamWriter(path))\n        {\n            writer.Write(1);\n        }"),
                Method("string path", "await using (var writer = new StreamWriter(path))\n        {\n            writer.Write(1);\n        }"));

        [Fact]
        public Task Library_style_keeps_ConfigureAwait_on_an_expression_resource_only()
            => Verify.VerifyCodeFixAsync(
                Method("DbConnection connection, string path", "await Task.Delay(1).ConfigureAwait(false);\n        [|using|] (connection) { }\n        [|using|] var stream = File.OpenRead(path);"),
                Method("DbConnection connection, string path", "await Task.Delay(1).ConfigureAwait(false);\n        await using (connection.ConfigureAwait(false)) { }\n        await using var stream = File.OpenRead(path);"));

        [Fact]
        public Task Task_returning_method_becomes_async()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    Task<int> LengthAsync(string path)
    {
        [|using|] var stream = File.OpenRead(path);
        return Task.FromResult((int)stream.Length);
    }
}", Usings + @"
class C
{
    async Task<int> LengthAsync(string path)
    {
        await using var stream = File.OpenRead(path);
        return (int)stream.Length;
    }
}");

        [Fact]
        public Task Fix_all_in_one_method()
        {
            var test = new Verify.Test
            {
                TestCode = Method("string a, string b", "[|using|] var first = File.OpenRead(a);\n        [|using|] var second = File.Create(b);\n        first.CopyTo(second);"),
                FixedCode = Method("string a, string b", "await using var first = File.OpenRead(a);\n        await using var second = File.Create(b);\n        first.CopyTo(second);"),
            };
            return test.RunAsync();
        }

        [Fact]
        public Task Not_flagged_when_already_await_using_or_only_IDisposable()
            => Verify.VerifyAnalyzerAsync(Method("string path, IDisposable disposable", "await using var stream = File.OpenRead(path);\n        using (disposable) { }\n        using var cts = new CancellationTokenSource();"));

        [Fact]
        public Task Not_flagged_for_in_memory_resources()
            => Verify.VerifyAnalyzerAsync(Method("byte[] bytes", "using var memory = new MemoryStream(bytes);\n        using Stream other = new MemoryStream();\n        using var writer = new StringWriter();\n        using (var reader = new StringReader(\"x\")) { }\n        using var json = new System.Text.Json.Utf8JsonWriter(memory);\n        using var zip = new System.IO.Compression.GZipStream(memory, System.IO.Compression.CompressionLevel.Fastest);"));

        [Fact]
        public Task Not_flagged_for_registrations_and_timers()
            => Verify.VerifyAnalyzerAsync(Method("CancellationToken ct", "using var registration = ct.Register(() => { });\n        using var timer = new Timer(_ => { });"));

        [Fact]
        public Task Not_flagged_in_synchronous_code_or_sync_lambda()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class C
{
    void Run(string path)
    {
        using var stream = File.OpenRead(path);
    }

    async Task RunAsync(string path)
    {
        await Task.Yield();
        Action read = () => { using var stream = File.OpenRead(path); };
    }
}");

        [Fact]
        public Task Not_flagged_inside_lock()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class C
{
    private readonly object gate = new object();

    async Task RunAsync(string path)
    {
        await Task.Yield();
        lock (gate)
        {
            using var stream = File.OpenRead(path);
        }
    }
}");

        [Fact]
        public Task Not_flagged_when_DisposeAsync_only_forwards_to_Dispose()
            => Verify.VerifyAnalyzerAsync(Usings + @"
sealed class Resource : IDisposable, IAsyncDisposable
{
    public void Dispose() { }
    public ValueTask DisposeAsync() { Dispose(); return default; }
}

sealed class RealResource : IDisposable, IAsyncDisposable
{
    public void Dispose() { }
    public async ValueTask DisposeAsync() { await Task.Yield(); }
}

class C
{
    async Task RunAsync()
    {
        await Task.Yield();
        using var resource = new Resource();
        [|using|] var real = new RealResource();
    }
}");

        [Fact]
        public Task Not_flagged_for_manifest_resources_or_dual_mode_code()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class C
{
    async Task RunAsync(string path, bool async)
    {
        await Task.Yield();
        using var stream = File.OpenRead(path);
    }

    async Task LoadAsync()
    {
        await Task.Yield();
        using var resource = typeof(C).Assembly.GetManifestResourceStream(""x"");
    }
}");

        [Fact]
        public Task Broken_code_does_not_crash()
        {
            var test = new Verify.Test
            {
                TestCode = Method("", "using var x = {|CS0103:Missing|}();\n        using ({|CS0103:nothing|}) { }"),
            };
            test.CompilerDiagnostics = CompilerDiagnostics.Errors;
            return test.RunAsync();
        }
    }
}
