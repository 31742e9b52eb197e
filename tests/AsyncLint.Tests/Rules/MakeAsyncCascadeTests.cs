using System.Threading.Tasks;
using AsyncLint.Tests.Verifiers;
using Microsoft.CodeAnalysis.Testing;
using Verify = AsyncLint.Tests.Verifiers.CSharpCodeFixVerifier<AsyncLint.Rules.BlockingWaitAnalyzer, AsyncLint.CodeFixes.Rules.SyncOverAsyncCodeFixProvider>;

namespace AsyncLint.Tests.Rules
{
    /// <summary>ASYNC104's "Make 'Load' async" cascade: callers across the solution, boundaries, tokens, Fix All.</summary>
    public class MakeAsyncCascadeTests
    {
        [Fact]
        public Task Method_and_its_callers_become_async()
            => Verify.VerifyCodeFixAsync(@"using System.Threading.Tasks;

class Repository
{
    Task<string> FetchAsync() => Task.FromResult(""x"");

    public string Load() => FetchAsync().[|Result|];
}

class Service
{
    private readonly Repository _repository = new Repository();

    public int Count() => _repository.Load().Length;

    public void Print()
    {
        System.Console.WriteLine(Count());
    }
}", @"using System.Threading.Tasks;

class Repository
{
    Task<string> FetchAsync() => Task.FromResult(""x"");

    public async Task<string> LoadAsync() => await FetchAsync();
}

class Service
{
    private readonly Repository _repository = new Repository();

    public async Task<int> CountAsync() => (await _repository.LoadAsync()).Length;

    public async Task PrintAsync()
    {
        System.Console.WriteLine(await CountAsync());
    }
}");
    }
}
