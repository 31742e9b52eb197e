using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Verify = AsyncLint.Tests.Verifiers.CSharpCodeFixVerifier<AsyncLint.Rules.NullTaskReturnAnalyzer, AsyncLint.CodeFixes.Rules.NullTaskReturnCodeFixProvider>;

namespace AsyncLint.Tests.Rules
{
    public class NullTaskReturnTests
    {
        private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

        [Fact]
        public Task Null_in_Task_method_becomes_CompletedTask()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    Task SaveAsync(bool skip)
    {
        if (skip)
            return {|#0:null|};
        return Task.Delay(1);
    }
}",
                Verify.Diagnostic("ASYNC305").WithLocation(0).WithArguments("'null' is returned as a task", "Task-returning method 'SaveAsync'", "return 'Task.CompletedTask' instead"),
                Usings + @"
class C
{
    Task SaveAsync(bool skip)
    {
        if (skip)
            return Task.CompletedTask;
        return Task.Delay(1);
    }
}");

        [Fact]
        public Task A_return_after_a_throw_helper_is_unreachable_and_not_flagged()
            => Verify.VerifyAnalyzerAsync(Usings + "using System.Diagnostics.CodeAnalysis;\n" + @"
static class ThrowHelper
{
    // Squidex: a helper whose body is one throw, without [DoesNotReturn].
    public static void NotSupportedException(string? message = null)
    {
        throw new NotSupportedException(message);
    }

    [DoesNotReturn]
    public static void Fail() => throw new InvalidOperationException();

    public static void Log(string message) { }
}

class DomainObject
{
    public Task<string> ExecuteAsync(int command)
    {
        switch (command)
        {
            case 1:
                return Task.FromResult(""one"");
            case 2:
                ThrowHelper.Fail();
                return default!;
            case 3:
                ThrowHelper.Log(""three"");
                return {|ASYNC305:default|}!;
            default:
                ThrowHelper.NotSupportedException();
                return default!;
        }
    }
}");

        [Fact]
        public Task Default_in_generic_task_becomes_FromResult()
            => Verify.VerifyCodeFixAsync(Usings + @"
#nullable enable
class C
{
    Task<string> NameAsync() => {|#0:default|};
    Task<int> CountAsync() => [|default(Task<int>)|];
    Task<string?> MaybeAsync(bool b) => b ? [|null|] : Task.FromResult<string?>(""x"");
}",
                new[] { Verify.Diagnostic("ASYNC305").WithLocation(0).WithArguments("'default' is returned as a task", "Task-returning method 'NameAsync'", "return 'Task.FromResult<string>(default!)' instead") },
                Usings + @"
#nullable enable
class C
{
    Task<string> NameAsync() => Task.FromResult<string>(default!);
    Task<int> CountAsync() => Task.FromResult<int>(default);
    Task<string?> MaybeAsync(bool b) => b ? Task.FromResult<string?>(default) : Task.FromResult<string?>(""x"");
}");

        [Fact]
        public Task Conditional_call_gets_a_fallback_task()
            => Verify.VerifyCodeFixAsync(Usings + @"
interface IStore { Task FlushAsync(); Task<int> CountAsync(); }
class C
{
    IStore? _store;
    Task FlushAsync() => {|#0:_store?.FlushAsync()|};
    Task<int> CountAsync()
    {
        return [|_store?.CountAsync()|];
    }
}",
                new[] { Verify.Diagnostic("ASYNC305").WithLocation(0).WithArguments("'_store?.FlushAsync()' is null when '_store' is null, and is returned as a task", "Task-returning method 'FlushAsync'", "add '?? Task.CompletedTask' after it") },
                Usings + @"
interface IStore { Task FlushAsync(); Task<int> CountAsync(); }
class C
{
    IStore? _store;
    Task FlushAsync() => _store?.FlushAsync() ?? Task.CompletedTask;
    Task<int> CountAsync()
    {
        return _store?.CountAsync() ?? Task.FromResult<int>(default);
    }
}");

        [Fact]
        public Task Conditional_access_on_a_member_that_is_never_null_is_not_flagged_but_one_that_may_be_is()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class Manager { public Task UpdateAsync() => Task.Delay(1); }
class Server
{
    // Assigned only with 'new', in the initializer or in every constructor: never null after construction (MQTTnet's
    // MqttServer._retainedMessagesManager).
    readonly Manager _initialized = new Manager();
    readonly Manager _assignedInEveryConstructor;
    Manager Property { get; } = new();

    // Near misses: may be null.
    readonly Manager? _assignedFromParameter;
    readonly Manager? _assignedOnOnePath;
    readonly Manager? _notAssignedByEveryConstructor;
    Manager? _writable = new Manager();

    public Server(Manager? manager, bool flag)
    {
        _assignedInEveryConstructor = new Manager();
        _assignedFromParameter = manager;
        if (flag)
        {
            _assignedOnOnePath = new Manager();
        }

        _notAssignedByEveryConstructor = new Manager();
    }

    public Server() : this(null, false) { }

    public Server(int unused)
    {
        this._assignedInEveryConstructor = new Manager();
    }

    Task A() => _initialized?.UpdateAsync();
    Task B() => _assignedInEveryConstructor?.UpdateAsync();
    Task C() => Property?.UpdateAsync();
    Task D() => {|#0:_assignedFromParameter?.UpdateAsync()|};
    Task E() => {|#1:_assignedOnOnePath?.UpdateAsync()|};
    Task F() => {|#2:_notAssignedByEveryConstructor?.UpdateAsync()|};
    Task G() => {|#3:_writable?.UpdateAsync()|};
}",
                Verify.Diagnostic("ASYNC305").WithLocation(0).WithArguments("'_assignedFromParameter?.UpdateAsync()' is null when '_assignedFromParameter' is null, and is returned as a task", "Task-returning method 'D'", "add '?? Task.CompletedTask' after it"),
                Verify.Diagnostic("ASYNC305").WithLocation(1).WithArguments("'_assignedOnOnePath?.UpdateAsync()' is null when '_assignedOnOnePath' is null, and is returned as a task", "Task-returning method 'E'", "add '?? Task.CompletedTask' after it"),
                Verify.Diagnostic("ASYNC305").WithLocation(2).WithArguments("'_notAssignedByEveryConstructor?.UpdateAsync()' is null when '_notAssignedByEveryConstructor' is null, and is returned as a task", "Task-returning method 'F'", "add '?? Task.CompletedTask' after it"),
                Verify.Diagnostic("ASYNC305").WithLocation(3).WithArguments("'_writable?.UpdateAsync()' is null when '_writable' is null, and is returned as a task", "Task-returning method 'G'", "add '?? Task.CompletedTask' after it"));

        [Fact]
        public Task Null_arm_of_a_multi_line_conditional_and_a_call_with_arguments_read_right()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class RetainedMessages { public Task UpdateMessage(string clientId, object message) => Task.Delay(1); }
class Server
{
    RetainedMessages? _retainedMessagesManager = new RetainedMessages(); // not readonly: may be set to null later

    Task PickAsync(bool skip)
    {
        return skip
            ? {|#0:null|}
            : Task.Delay(1);
    }

    public Task UpdateRetainedMessageAsync(object retainedMessage)
    {
        return {|#1:_retainedMessagesManager?.UpdateMessage(string.Empty, retainedMessage)|};
    }
}",
                Verify.Diagnostic("ASYNC305").WithLocation(0).WithArguments("'null' is returned as a task", "Task-returning method 'PickAsync'", "return 'Task.CompletedTask' instead"),
                Verify.Diagnostic("ASYNC305").WithLocation(1).WithArguments(
                    "'_retainedMessagesManager?.UpdateMessage(...)' is null when '_retainedMessagesManager' is null, and is returned as a task",
                    "Task-returning method 'UpdateRetainedMessageAsync'",
                    "add '?? Task.CompletedTask' after it"));

        [Fact]
        public Task Lambdas_properties_and_local_functions_are_flagged()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    Task Ready => [|null|];
    void M()
    {
        Func<Task> f = () => [|null|];
        Task Local() { return [|null|]; }
    }
}", Usings + @"
class C
{
    Task Ready => Task.CompletedTask;
    void M()
    {
        Func<Task> f = () => Task.CompletedTask;
        Task Local() { return Task.CompletedTask; }
    }
}");

        [Fact]
        public Task Switch_expression_arms_are_fixed_with_fix_all()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    Task RunAsync(int kind) => kind switch
    {
        0 => [|null|],
        1 => Task.Delay(1),
        _ => [|default|],
    };
}", Usings + @"
class C
{
    Task RunAsync(int kind) => kind switch
    {
        0 => Task.CompletedTask,
        1 => Task.Delay(1),
        _ => Task.CompletedTask,
    };
}");

        [Fact]
        public Task Async_members_ValueTask_and_non_task_returns_are_not_flagged()
            => Verify.VerifyAnalyzerAsync(Usings + @"
#nullable enable
class C
{
    async Task<string?> FindAsync() { await Task.Yield(); return null; }
    ValueTask RunAsync() => default;
    ValueTask<int> CountAsync() => default;
    string? Name() => null;
    Task? Maybe() => null;
    object Boxed() => null!;
    void M() { Func<Task<string?>> f = async () => null; }
}");

        [Fact]
        public Task Broken_code_does_not_crash()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class C
{
    {|CS0246:Missing|} M() => null;
    Task N() { return {|CS0103:nope|}; }
}");
    }
}
