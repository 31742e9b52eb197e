using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using AsyncLint.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verify = AsyncLint.Tests.Verifiers.CSharpCodeFixVerifier<AsyncLint.Rules.BlockingWaitAnalyzer, AsyncLint.CodeFixes.Rules.SyncOverAsyncCodeFixProvider>;

namespace AsyncLint.Tests.Rules
{
    /// <summary>
    /// ASYNC104's "Make 'Load' async" cascade: callers across the solution, each boundary, recursion and cycles, clashes,
    /// callers in lambdas, tokens and Fix All. Tests that name a title check the action's title too.
    /// </summary>
    public class MakeAsyncCascadeTests
    {
        private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

        /// <summary>An async source that is not provably complete and takes no token.</summary>
        private const string Remote = @"
static class Remote
{
    public static Task<T> Get<T>(T value) => Task.Run(() => value);
}
";

        /// <summary>Runs the test and checks that the applied action had <paramref name="title"/>.</summary>
        private static async Task RunWithTitleAsync(Verify.Test test, string title)
        {
            var titles = new List<string>();
            test.FixedState.MarkupHandling = MarkupMode.Allow;
            test.CodeActionVerifier = (action, verifier) => titles.Add(action.Title);
            await test.RunAsync();
            Assert.True(titles.Contains(title), "titles: " + string.Join(" | ", titles.Distinct()));
        }

        /// <summary>A fix whose result keeps ASYNC104 findings where the cascade stops (marked in <paramref name="fixedSource"/>).</summary>
        private static Task VerifyStopsAsync(string source, string fixedSource)
        {
            var test = new Verify.Test { TestCode = source, FixedCode = fixedSource };
            test.FixedState.MarkupHandling = MarkupMode.Allow;
            return test.RunAsync();
        }

        [Fact]
        public Task Method_and_its_callers_become_async()
            => RunWithTitleAsync(new Verify.Test
            {
                TestCode = @"using System.Threading.Tasks;

class Repository
{
    Task<string> FetchAsync() => Task.Run(() => ""x"");

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
}",
                FixedCode = @"using System.Threading.Tasks;

class Repository
{
    Task<string> FetchAsync() => Task.Run(() => ""x"");

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
}",
            }, "Make 'Load' async (2 callers in 1 file)");

        // Each stop blocks explicitly; ASYNC104 still reports it where it reports a wait today (not in a constructor).
        [Fact]
        public Task Stops_at_a_property_a_constructor_Dispose_and_a_synchronous_lambda_and_blocks_there_explicitly()
            => RunWithTitleAsync(new Verify.Test
            {
                TestCode = Usings + Remote + @"
class Settings : IDisposable
{
    private readonly string _initial;

    public Settings()
    {
        _initial = Load(""a"");
    }

    public string Current => Load(""b"");

    public string[] All(string[] names) => names.Select(n => Load(n)).ToArray();

    public async Task<string> ReadAsync() => Load(""c"") + await Task.FromResult(""d"");

    public void Dispose() => Load(""e"");

    string Load(string name) => Remote.Get(name).[|Result|];
}",
                FixedCode = Usings + Remote + @"
class Settings : IDisposable
{
    private readonly string _initial;

    public Settings()
    {
        _initial = LoadAsync(""a"").GetAwaiter().GetResult();
    }

    public string Current => LoadAsync(""b"").{|ASYNC104:GetAwaiter().GetResult()|};

    public string[] All(string[] names) => names.Select(n => LoadAsync(n).{|ASYNC104:GetAwaiter().GetResult()|}).ToArray();

    public async Task<string> ReadAsync() => await LoadAsync(""c"") + await Task.FromResult(""d"");

    public void Dispose() => LoadAsync(""e"").{|ASYNC104:GetAwaiter().GetResult()|};

    async Task<string> LoadAsync(string name) => await Remote.Get(name);
}",
            }, "Make 'Load' async (5 callers in 1 file; still blocks in constructor of 'Settings', property 'Current', a synchronous lambda and 1 more)");

        [Fact]
        public Task Event_handlers_test_methods_and_Main_convert_in_place()
            => Verify.VerifyCodeFixAsync(Usings + Remote + @"
class FactAttribute : Attribute { }

class Form
{
    static string Load() => Remote.Get(""x"").[|Result|];

    void OnClick(object sender, EventArgs e) => Console.WriteLine(Load());

    [Fact]
    public void Loads() => Console.WriteLine(Load());

    static void Main() => Console.WriteLine(Load());
}", Usings + Remote + @"
class FactAttribute : Attribute { }

class Form
{
    static async Task<string> LoadAsync() => await Remote.Get(""x"");

    async void OnClick(object sender, EventArgs e) => Console.WriteLine(await LoadAsync());

    [Fact]
    public async Task Loads() => Console.WriteLine(await LoadAsync());

    static async Task Main() => Console.WriteLine(await LoadAsync());
}");

        [Fact]
        public Task Recursion_and_cycles_convert_each_member_once()
            => Verify.VerifyCodeFixAsync(Usings + Remote + @"
class Tree
{
    int Depth(int n) => n == 0 ? Remote.Get(0).[|Result|] : Odd(n - 1) + 1;

    int Odd(int n) => n == 0 ? 0 : Depth(n - 1) + Depth(0);
}", Usings + Remote + @"
class Tree
{
    async Task<int> DepthAsync(int n) => n == 0 ? await Remote.Get(0) : await OddAsync(n - 1) + 1;

    async Task<int> OddAsync(int n) => n == 0 ? 0 : await DepthAsync(n - 1) + await DepthAsync(0);
}");

        [Fact]
        public Task Async_and_Task_returning_callers_and_lambdas_await()
            => Verify.VerifyCodeFixAsync(Usings + Remote + @"
class Jobs
{
    int Load() => Remote.Get(1).[|Result|];

    Task<int> Twice() => Task.FromResult(Load() * 2);

    Func<Task<int>> Later() => async () => Load();

    Func<Task> Run() => () => Task.FromResult(Load());
}", Usings + Remote + @"
class Jobs
{
    async Task<int> LoadAsync() => await Remote.Get(1);

    async Task<int> Twice() => await LoadAsync() * 2;

    Func<Task<int>> Later() => async () => await LoadAsync();

    Func<Task> Run() => async () => await Task.FromResult(await LoadAsync());
}");

        [Fact]
        public Task No_action_where_the_cascade_cannot_be_computed_safely()
        {
            var source = Usings + Remote + @"
class Unsafe
{
    string Grouped() => Remote.Get(""x"").[|Result|];
    Func<string> AsDelegate() => Grouped;

    string WithOut() => Remote.Get(""x"").[|Result|];
    bool TryGet(out string value) { value = WithOut(); return true; }

    string Iterated() => Remote.Get(""x"").[|Result|];
    IEnumerable<string> Lines() { yield return Iterated(); }

    string Clashing() => Remote.Get(""x"").[|Result|];
    Task<string> ClashingAsync(int id) => Task.FromResult(id.ToString());

    string InTree() => Remote.Get(""x"").[|Result|];
    System.Linq.Expressions.Expression<Func<string>> Tree() => () => InTree();
}";
            return Verify.VerifyCodeFixAsync(source, source);
        }

        // The stop blocks explicitly; ASYNC104 does not report it there: a framework contract is synchronous by contract.
        [Fact]
        public Task Interface_implementation_of_a_contract_outside_the_solution_stops()
            => VerifyStopsAsync(Usings + Remote + @"
class ByLength : IComparer<string>
{
    int Weight(string s) => Remote.Get(s.Length).[|Result|];

    public int Compare(string? x, string? y) => Weight(x ?? """") - Weight(y ?? """");
}", Usings + Remote + @"
class ByLength : IComparer<string>
{
    async Task<int> WeightAsync(string s) => await Remote.Get(s.Length);

    public int Compare(string? x, string? y) => WeightAsync(x ?? """").GetAwaiter().GetResult() - WeightAsync(y ?? """").GetAwaiter().GetResult();
}");

        [Fact]
        public Task Interface_whose_members_are_all_in_the_solution_converts_the_whole_hierarchy()
            => Verify.VerifyCodeFixAsync(Usings + Remote + @"
interface IStore
{
    string Get(int id);
}

class RemoteStore : IStore
{
    public string Get(int id) => Remote.Get(id.ToString()).[|Result|];
}

class MemoryStore : IStore
{
    public string Get(int id) => ""m"" + id;
}

class Reader
{
    public int Length(IStore store) => store.Get(1).Length;
}", Usings + Remote + @"
interface IStore
{
    Task<string> GetAsync(int id);
}

class RemoteStore : IStore
{
    public async Task<string> GetAsync(int id) => await Remote.Get(id.ToString());
}

class MemoryStore : IStore
{
    public Task<string> GetAsync(int id) => Task.FromResult(""m"" + id);
}

class Reader
{
    public async Task<int> LengthAsync(IStore store) => (await store.GetAsync(1)).Length;
}");

        [Fact]
        public Task Member_with_an_async_counterpart_already_stops_there()
            => VerifyStopsAsync(Usings + Remote + @"
class Store
{
    string Read() => Remote.Get(""x"").[|Result|];

    public string Load() => Read();

    public Task<string> LoadAsync() => Task.FromResult(""y"");
}", Usings + Remote + @"
class Store
{
    async Task<string> ReadAsync() => await Remote.Get(""x"");

    public string Load() => ReadAsync().{|ASYNC104:GetAwaiter().GetResult()|};

    public Task<string> LoadAsync() => Task.FromResult(""y"");
}");

        [Fact]
        public Task Public_API_of_a_library_stops_by_default()
            => VerifyStopsAsync(Usings + Remote + @"
public class Client
{
    string Fetch() => Remote.Get(""x"").[|Result|];

    public string Get() => Fetch();
}", Usings + Remote + @"
public class Client
{
    async Task<string> FetchAsync() => await Remote.Get(""x"");

    public string Get() => FetchAsync().{|ASYNC104:GetAwaiter().GetResult()|};
}");

        [Fact]
        public Task Public_API_of_a_library_keeps_an_obsolete_wrapper_under_the_option()
        {
            var test = new Verify.Test
            {
                TestCode = Usings + Remote + @"
public class Client
{
    string Fetch() => Remote.Get(""x"").[|Result|];

    public string Get(int id) => Fetch() + id;
}

class Caller
{
    int Use(Client client) => client.Get(1).Length;
}",
                FixedCode = Usings + Remote + @"
public class Client
{
    async Task<string> FetchAsync() => await Remote.Get(""x"");

    [Obsolete(""Use GetAsync instead."")]
    [System.Diagnostics.CodeAnalysis.SuppressMessage(""AsyncLint.Blocking"", ""ASYNC104"", Justification = ""The synchronous API is kept for callers outside the solution; it blocks on purpose."")]
    public string Get(int id) => GetAsync(id).GetAwaiter().GetResult();

    public async Task<string> GetAsync(int id) => await FetchAsync() + id;
}

class Caller
{
    async Task<int> UseAsync(Client client) => (await client.GetAsync(1)).Length;
}",
            };
            test.Options["asynclint.ASYNC104.keep_obsolete_sync_wrapper"] = "true";
            return test.RunAsync();
        }

        [Fact]
        public Task Token_in_scope_of_an_async_caller_reaches_the_converted_chain()
            => Verify.VerifyCodeFixAsync(Usings + Remote + @"
class Importer
{
    string Read(string path) => System.IO.File.ReadAllTextAsync(path).[|Result|];

    int Count(string path) => Read(path).Length;

    public async Task<int> ImportAsync(string path, CancellationToken ct)
    {
        await Task.Yield();
        return Count(path);
    }
}", Usings + Remote + @"
class Importer
{
    async Task<string> ReadAsync(string path, CancellationToken cancellationToken = default) => await System.IO.File.ReadAllTextAsync(path, cancellationToken);

    async Task<int> CountAsync(string path, CancellationToken cancellationToken = default) => (await ReadAsync(path, cancellationToken)).Length;

    public async Task<int> ImportAsync(string path, CancellationToken ct)
    {
        await Task.Yield();
        return await CountAsync(path, ct);
    }
}");

        [Fact]
        public Task Callers_in_other_projects_are_updated()
        {
            var test = new Verify.Test
            {
                TestState =
                {
                    Sources = { @"using System.Threading.Tasks;

[assembly: System.Runtime.CompilerServices.InternalsVisibleTo(""Consumer"")]

static class Remote
{
    public static Task<T> Get<T>(T value) => Task.Run(() => value);
}

public class Catalog
{
    internal string Name() => Remote.Get(""n"").[|Result|];
}
" },
                    AdditionalProjects =
                    {
                        ["Consumer"] =
                        {
                            Sources = { @"public class Shelf
{
    string Label(Catalog catalog) => catalog.Name();
}
" },
                            AdditionalProjectReferences = { "TestProject" },
                        },
                    },
                },
                FixedState =
                {
                    Sources = { @"using System.Threading.Tasks;

[assembly: System.Runtime.CompilerServices.InternalsVisibleTo(""Consumer"")]

static class Remote
{
    public static Task<T> Get<T>(T value) => Task.Run(() => value);
}

public class Catalog
{
    internal async Task<string> NameAsync() => await Remote.Get(""n"");
}
" },
                    AdditionalProjects =
                    {
                        ["Consumer"] =
                        {
                            Sources = { @"using System.Threading.Tasks;

public class Shelf
{
    async Task<string> LabelAsync(Catalog catalog) => await catalog.NameAsync();
}
" },
                            AdditionalProjectReferences = { "TestProject" },
                        },
                    },
                },
            };
            return test.RunAsync();
        }

        [Fact]
        public Task Fix_All_plans_one_cascade_from_every_finding_and_converts_a_shared_caller_once()
            => VerifyStopsAsync(Usings + Remote + @"
class Sources
{
    int First() => Remote.Get(1).[|Result|];

    int Second()
    {
        Remote.Get(2).[|Wait()|];
        return 2;
    }

    int Both() => First() + Second();

    void Run()
    {
        Action later = () => Console.WriteLine(Both());
        Console.WriteLine(Both());
        later();
    }
}", Usings + Remote + @"
class Sources
{
    async Task<int> FirstAsync() => await Remote.Get(1);

    async Task<int> SecondAsync()
    {
        await Remote.Get(2);
        return 2;
    }

    async Task<int> BothAsync() => await FirstAsync() + await SecondAsync();

    async Task RunAsync()
    {
        Action later = () => Console.WriteLine(BothAsync().{|ASYNC104:GetAwaiter().GetResult()|});
        Console.WriteLine(await BothAsync());
        later();
    }
}");

        [Fact]
        public Task Local_functions_and_ValueTask_callers_follow()
            => VerifyStopsAsync(Usings + Remote + @"
class Local
{
    int Sum(int[] values)
    {
        return values.Length == 0 ? 0 : Add(values[0]);

        int Add(int value) => value + Remote.Get(value).[|Result|];
    }

    ValueTask<int> Twice(int[] values) => new ValueTask<int>(Sum(values) * 2);
}", Usings + Remote + @"
class Local
{
    async Task<int> SumAsync(int[] values)
    {
        return values.Length == 0 ? 0 : await AddAsync(values[0]);

        async Task<int> AddAsync(int value) => value + await Remote.Get(value);
    }

    async ValueTask<int> Twice(int[] values) => await SumAsync(values) * 2;
}");

        [Fact]
        public Task Every_blocking_call_of_a_converted_member_is_settled_by_its_own_rule_in_rounds()
            => Verify.VerifyCodeFixAsync(Usings + Remote + @"
class Report
{
    string Build(string path)
    {
        var header = System.IO.File.ReadAllText(path);
        Thread.Sleep(10);
        return header + Remote.Get(""body"").[|Result|];
    }

    Task<string> BuildTwiceAsync(string path) => Task.FromResult(Build(path) + Build(path));
}", Usings + Remote + @"
class Report
{
    async Task<string> BuildAsync(string path, CancellationToken cancellationToken = default)
    {
        var header = await System.IO.File.ReadAllTextAsync(path, cancellationToken);
        await Task.Delay(10, cancellationToken);
        return header + await Remote.Get(""body"");
    }

    async Task<string> BuildTwiceAsync(string path) => await BuildAsync(path) + await BuildAsync(path);
}");

        [Fact]
        public Task A_caller_that_calls_it_inside_a_lock_stops_there()
            => VerifyStopsAsync(Usings + Remote + @"
class Cache
{
    private readonly object _gate = new object();
    private string _value = """";

    string Fetch() => Remote.Get(""v"").[|Result|];

    void Refresh()
    {
        lock (_gate)
        {
            _value = Fetch();
        }
    }

    async Task<int> LengthAsync() => (await Task.FromResult(Fetch())).Length;
}", Usings + Remote + @"
class Cache
{
    private readonly object _gate = new object();
    private string _value = """";

    async Task<string> FetchAsync() => await Remote.Get(""v"");

    void Refresh()
    {
        lock (_gate)
        {
            _value = FetchAsync().{|ASYNC104:GetAwaiter().GetResult()|};
        }
    }

    async Task<int> LengthAsync() => (await Task.FromResult(await FetchAsync())).Length;
}");
    }
}
