using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Verify = AsyncLint.Tests.Verifiers.CSharpCodeFixVerifier<AsyncLint.Rules.TaskEscapesScopeAnalyzer, AsyncLint.CodeFixes.Rules.TaskEscapesScopeCodeFixProvider>;

namespace AsyncLint.Tests.Rules
{
    public class TaskEscapesScopeTests
    {
        private const string Usings = "using System;\nusing System.IO;\nusing System.Net.Http;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

        private const string Stubs = @"
class Connection : IDisposable
{
    public Task<int> ExecuteAsync(string sql) => Task.FromResult(1);
    public Task SendAsync(string message) => Task.CompletedTask;
    public void Dispose() { }
}";

        // ---------- returned from inside using ----------

        [Fact]
        public Task Task_returned_from_using_is_awaited_inside_it()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    Task<int> CountAsync()
    {
        using (var connection = new Connection())
        {
            return {|#0:connection.ExecuteAsync(""select count(*)"")|};
        }
    }
}" + Stubs,
                Verify.Diagnostic("ASYNC304").WithLocation(0).WithArguments("connection.ExecuteAsync(\"select count(*)\")", "is returned un-awaited from inside 'using': 'connection' is disposed while the task still runs"),
                Usings + @"
class C
{
    async Task<int> CountAsync()
    {
        using (var connection = new Connection())
        {
            return await connection.ExecuteAsync(""select count(*)"");
        }
    }
}" + Stubs);

        [Fact]
        public Task Non_generic_task_in_using_declaration_scope_becomes_an_await_statement()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    Task SendAsync(string message)
    {
        if (message.Length == 0)
            return Task.CompletedTask;
        using var connection = new Connection();
        return {|#0:connection.SendAsync(message)|};
    }
}" + Stubs,
                Verify.Diagnostic("ASYNC304").WithLocation(0).WithArguments("connection.SendAsync(message)", "is returned un-awaited from inside the scope of 'using': 'connection' is disposed while the task still runs"),
                Usings + @"
class C
{
    async Task SendAsync(string message)
    {
        if (message.Length == 0)
            return;
        using var connection = new Connection();
        await connection.SendAsync(message);
    }
}" + Stubs);

        [Fact]
        public Task Resource_captured_by_a_lambda_is_flagged()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    Task<int> CountAsync()
    {
        using (var connection = new Connection())
        {
            return [|Task.Run(() => connection.ExecuteAsync(""x""))|];
        }
    }
}" + Stubs, Usings + @"
class C
{
    async Task<int> CountAsync()
    {
        using (var connection = new Connection())
        {
            return await Task.Run(() => connection.ExecuteAsync(""x""));
        }
    }
}" + Stubs);

        // ---------- returned from inside try ----------

        [Fact]
        public Task Task_returned_from_try_catch_is_awaited()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    Task SendAsync(Connection connection)
    {
        try
        {
            return {|#0:connection.SendAsync(""hello"")|};
        }
        catch (IOException)
        {
            return Task.CompletedTask;
        }
    }
}" + Stubs,
                Verify.Diagnostic("ASYNC304").WithLocation(0).WithArguments("connection.SendAsync(\"hello\")", "is returned un-awaited from inside 'try': the catch block never sees the task's exceptions"),
                Usings + @"
class C
{
    async Task SendAsync(Connection connection)
    {
        try
        {
            await connection.SendAsync(""hello"");
        }
        catch (IOException)
        {
            return;
        }
    }
}" + Stubs);

        [Fact]
        public Task Task_returned_from_try_whose_finally_cleans_its_resource_is_flagged()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    Task<int> RunAsync(Connection connection)
    {
        try
        {
            return {|#0:connection.ExecuteAsync(""x"")|};
        }
        finally
        {
            connection.Dispose();
        }
    }
}" + Stubs,
                Verify.Diagnostic("ASYNC304").WithLocation(0).WithArguments("connection.ExecuteAsync(\"x\")", "is returned un-awaited from inside 'try': the finally block cleans up 'connection' before the task completes"),
                Usings + @"
class C
{
    async Task<int> RunAsync(Connection connection)
    {
        try
        {
            return await connection.ExecuteAsync(""x"");
        }
        finally
        {
            connection.Dispose();
        }
    }
}" + Stubs);

        [Fact]
        public Task Fix_all_awaits_every_escaping_task_and_makes_the_method_async_once()
            => new Verify.Test
            {
                TestCode = Usings + @"
class C
{
    Task<int> RunAsync(bool fast)
    {
        using (var connection = new Connection())
        {
            if (fast)
                return [|connection.ExecuteAsync(""a"")|];
            try
            {
                return [|connection.ExecuteAsync(""b"")|];
            }
            catch (IOException)
            {
                return Task.FromResult(0);
            }
        }
    }
}" + Stubs,
                FixedCode = Usings + @"
class C
{
    async Task<int> RunAsync(bool fast)
    {
        using (var connection = new Connection())
        {
            if (fast)
                return await connection.ExecuteAsync(""a"");
            try
            {
                return await connection.ExecuteAsync(""b"");
            }
            catch (IOException)
            {
                return 0;
            }
        }
    }
}" + Stubs,
            }.RunAsync();

        // ---------- a task as the using resource ----------

        [Fact]
        public Task Task_as_using_resource_is_awaited()
            => Verify.VerifyCodeFixAsync(Usings + @"
class Locker { public Task<IDisposable> LockAsync() => Task.FromResult<IDisposable>(new MemoryStream()); }
class C
{
    async Task RunAsync(Locker locker)
    {
        using ({|#0:locker.LockAsync()|})
        {
            await Task.Yield();
        }
    }
}",
                Verify.Diagnostic("ASYNC304").WithLocation(0).WithArguments("locker.LockAsync()", "is a task: 'using' disposes the task, not its result"),
                Usings + @"
class Locker { public Task<IDisposable> LockAsync() => Task.FromResult<IDisposable>(new MemoryStream()); }
class C
{
    async Task RunAsync(Locker locker)
    {
        using (await locker.LockAsync())
        {
            await Task.Yield();
        }
    }
}");

        [Fact]
        public Task Non_generic_or_used_task_resource_has_no_fix()
        {
            const string source = Usings + @"
class C
{
    async Task RunAsync(Func<Task> work, Func<Task<Stream>> open)
    {
        using ([|work()|]) { }
        using (var pending = [|open()|]) { await pending; }
    }
}";
            return Verify.VerifyCodeFixAsync(source, source);
        }

        // ---------- through a local or WhenAny ----------

        [Fact]
        public Task Task_stored_in_a_local_or_combined_by_WhenAny_before_the_return_is_flagged()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class C
{
    Task<int> CountAsync()
    {
        using (var connection = new Connection())
        {
            var count = connection.ExecuteAsync(""select count(*)"");
            return {|#0:count|};
        }
    }

    Task<Task> SendWithTimeoutAsync(Connection connection)
    {
        try
        {
            var send = connection.SendAsync(""hello"");
            return {|#1:Task.WhenAny(send, Task.Delay(1000))|};
        }
        catch (IOException)
        {
            return Task.FromResult(Task.CompletedTask);
        }
    }

    Task LogAndSendAsync(Connection connection, StreamWriter log)
    {
        try
        {
            Task sending = connection.SendAsync(""x"");
            return {|#2:sending|};
        }
        finally
        {
            connection.Dispose();
        }
    }
}" + Stubs,
                Verify.Diagnostic("ASYNC304").WithLocation(0).WithArguments("count", "is returned un-awaited from inside 'using': 'connection' is disposed while the task still runs"),
                Verify.Diagnostic("ASYNC304").WithLocation(1).WithArguments("Task.WhenAny(send, Task.Delay(1000))", "is returned un-awaited from inside 'try': the catch block never sees the task's exceptions"),
                Verify.Diagnostic("ASYNC304").WithLocation(2).WithArguments("sending", "is returned un-awaited from inside 'try': the finally block cleans up 'connection' before the task completes"));

        [Fact]
        public Task Task_started_before_the_try_and_resources_turned_into_data_are_not_flagged()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class Response { public Task WriteAsync(string text) => Task.CompletedTask; }
class C
{
    Task StartedBeforeAsync(Connection connection)
    {
        var send = connection.SendAsync(""x"");
        try
        {
            return send;
        }
        catch (IOException)
        {
            return Task.CompletedTask;
        }
    }

    Task WriteReportAsync(Response response)
    {
        using var memoryStream = new MemoryStream();
        memoryStream.WriteByte(65);
        return response.WriteAsync(System.Text.Encoding.UTF8.GetString(memoryStream.ToArray()));
    }

    Task CopyAsync(Stream target)
    {
        using var memoryStream = new MemoryStream();
        return [|memoryStream.CopyToAsync(target)|];
    }
}" + Stubs);

        [Fact]
        public Task Catch_that_cleans_up_and_rethrows_guards_only_the_synchronous_window()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class C
{
    Task WriteAsync(Connection connection, IDisposable buffer)
    {
        try
        {
            return connection.SendAsync(""frame"");
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    Task WriteOrSkipAsync(Connection connection, IDisposable buffer)
    {
        try
        {
            return [|connection.SendAsync(""frame"")|];
        }
        catch (IOException)
        {
            buffer.Dispose();
            return Task.CompletedTask;
        }
    }
}" + Stubs);

        // ---------- not flagged ----------

        [Fact]
        public Task Awaited_or_independent_tasks_are_not_flagged()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class C
{
    Task<int> Other(Connection other) => other.ExecuteAsync(""x"");

    async Task<int> AwaitedAsync()
    {
        using (var connection = new Connection())
        {
            return await connection.ExecuteAsync(""x"");
        }
    }

    Task<int> IndependentAsync(Connection other)
    {
        using (var log = new StringWriter())
        {
            return other.ExecuteAsync(""x"");
        }
    }

    Task<int> CompletedAsync()
    {
        try
        {
            return Task.FromResult(1);
        }
        catch (Exception ex)
        {
            return Task.FromException<int>(ex);
        }
    }

    Task<int> OutsideAsync(Connection other)
    {
        try { other.Dispose(); } finally { }
        return other.ExecuteAsync(""x"");
    }

    // A catch that only moves synchronous exceptions into the task, and a finally unrelated to the task.
    Task<int> PropagatingAsync(Connection other, SemaphoreSlim gate)
    {
        try { return other.ExecuteAsync(""x""); }
        catch (Exception ex) { return Task.FromException<int>(ex); }
        finally { gate.Release(); }
    }

    // The fast-path/slow-path split: the slow path is this type's own async helper.
    Task<int> FastPathAsync(Connection other)
    {
        try { return SlowPathAsync(other); }
        catch (IOException) { return Task.FromResult(0); }
    }

    private async Task<int> SlowPathAsync(Connection other) => await other.ExecuteAsync(""x"");

    Task<int> LambdaAsync(Connection other)
    {
        using (var connection = new Connection())
        {
            Func<Task<int>> later = () => other.ExecuteAsync(""x"");
            return later();
        }
    }
}" + Stubs);

        [Fact]
        public Task Broken_code_does_not_crash()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class C
{
    Task M() { using (var x = {|CS0103:Missing|}()) { return {|CS0103:Nope|}(x); } }
}");
    }
}
