using System.Threading.Tasks;
using AsyncLint.CodeFixes.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verify = AsyncLint.Tests.Verifiers.CSharpCodeFixVerifier<AsyncLint.Rules.TransitiveBlockingAnalyzer, AsyncLint.CodeFixes.Rules.TransitiveBlockingCodeFixProvider>;

namespace AsyncLint.Tests.Rules
{
    /// <summary>ASYNC105's fixes: the callee's async counterpart, or the make-async cascade from the bottom of the chain.</summary>
    public class TransitiveBlockingFixTests
    {
        private const string Program = @"public static class Program
{
    public static void Main() { }
}
";

        [Fact]
        public Task Three_layer_chain_over_three_files_doing_synchronous_IO_becomes_async_in_one_Fix_All_with_the_token_threaded_through()
        {
            var test = new Verify.Test
            {
                TestState =
                {
                    OutputKind = OutputKind.ConsoleApplication,
                    Sources =
                    {
                        ("/0/Controllers/OrdersController.cs", @"using System.Threading;
using System.Threading.Tasks;

public sealed class OrdersController
{
    private readonly OrderService _service = new OrderService();

    public async Task<string> Get(int id, CancellationToken cancellationToken)
    {
        await Task.Delay(1, cancellationToken);
        return ""total: "" + _service.{|#0:TotalFor|}(id);
    }
}
"),
                        ("/0/Services/OrderService.cs", @"public sealed class OrderService
{
    private readonly OrderRepository _orders = new OrderRepository();

    public decimal TotalFor(int id)
    {
        var order = _orders.Find(id);
        return order.Total;
    }
}
"),
                        ("/0/Data/OrderRepository.cs", @"using System.IO;

public sealed record Order(int Id, decimal Total);

public sealed class OrderRepository
{
    public Order Find(int id)
    {
        var text = File.ReadAllText(""orders/"" + id + "".txt"");
        return new Order(id, decimal.Parse(text));
    }
}
"),
                        ("/0/Program.cs", Program),
                    },
                    ExpectedDiagnostics =
                    {
                        Verify.Diagnostic().WithLocation(0).WithArguments("TotalFor", "TotalFor → Find → 'File.ReadAllText(\"orders/\" + id + \".txt\")' (synchronous I/O; 'ReadAllTextAsync' exists)", "async method 'Get'", "make 'TotalFor' async (and the methods below it), then await it"),
                    },
                },
                FixedState =
                {
                    OutputKind = OutputKind.ConsoleApplication,
                    Sources =
                    {
                        ("/0/Controllers/OrdersController.cs", @"using System.Threading;
using System.Threading.Tasks;

public sealed class OrdersController
{
    private readonly OrderService _service = new OrderService();

    public async Task<string> Get(int id, CancellationToken cancellationToken)
    {
        await Task.Delay(1, cancellationToken);
        return ""total: "" + await _service.TotalForAsync(id, cancellationToken);
    }
}
"),
                        ("/0/Services/OrderService.cs", @"using System.Threading;
using System.Threading.Tasks;

public sealed class OrderService
{
    private readonly OrderRepository _orders = new OrderRepository();

    public async Task<decimal> TotalForAsync(int id, CancellationToken cancellationToken = default)
    {
        var order = await _orders.FindAsync(id, cancellationToken);
        return order.Total;
    }
}
"),
                        ("/0/Data/OrderRepository.cs", @"using System.IO;
using System.Threading;
using System.Threading.Tasks;

public sealed record Order(int Id, decimal Total);

public sealed class OrderRepository
{
    public async Task<Order> FindAsync(int id, CancellationToken cancellationToken = default)
    {
        var text = await File.ReadAllTextAsync(""orders/"" + id + "".txt"", cancellationToken);
        return new Order(id, decimal.Parse(text));
    }
}
"),
                        ("/0/Program.cs", Program),
                    },
                },
                CodeActionEquivalenceKey = TransitiveBlockingCodeFixProvider.CascadeKey,

                // One Fix All (document, project and solution scope alike) converts the whole chain.
                NumberOfFixAllIterations = 1,
                CompilerDiagnostics = CompilerDiagnostics.Warnings,

                // ASYNC105 is reported at compilation end: an IDE offers its fix only where full-solution analysis computed it.
                CodeFixTestBehaviors = CodeFixTestBehaviors.SkipLocalDiagnosticCheck,
            };
            test.DisabledDiagnostics.Add("CS1591"); // public types without XML docs: the samples have none
            return test.RunAsync();
        }

        private const string DualMode = @"using System.Threading;
using System.Threading.Tasks;

public class Command
{
    private readonly System.IO.Stream _socket = System.IO.Stream.Null;

    public int ExecuteNonQuery() => ExecuteNonQuery(async: false, CancellationToken.None).GetAwaiter().GetResult();

    internal async Task<int> ExecuteNonQuery(bool async, CancellationToken cancellationToken)
    {
        var buffer = new byte[16];
        if (async)
            await _socket.WriteAsync(buffer, 0, buffer.Length, cancellationToken);
        else
            _socket.Write(buffer, 0, buffer.Length);
        return 1;
    }
}
";

        private const string Chain = "ExecuteNonQuery(async: false) → '_socket.Write(buffer, 0, buffer.Length)' (synchronous I/O; 'WriteAsync' exists)";

        [Fact]
        public Task A_call_that_asks_dual_mode_code_for_its_synchronous_path_passes_async_true_where_its_task_is_awaited_or_returned()
        {
            var test = new Verify.Test
            {
                TestState =
                {
                    Sources =
                    {
                        DualMode + @"
public class Batch
{
    public Task<int> ReleaseAsync(Command command, CancellationToken cancellationToken) => command.{|#0:ExecuteNonQuery|}(async: false, cancellationToken);

    public async Task<int> ReleaseTwiceAsync(Command command, CancellationToken cancellationToken)
        => await command.{|#1:ExecuteNonQuery|}(async: false, cancellationToken).ConfigureAwait(false) + 1;
}
",
                    },
                    ExpectedDiagnostics =
                    {
                        Verify.Diagnostic().WithLocation(0).WithArguments("ExecuteNonQuery(async: false)", Chain, "Task-returning method 'ReleaseAsync'", "pass 'async: true' to 'ExecuteNonQuery' and await it"),
                        Verify.Diagnostic().WithLocation(1).WithArguments("ExecuteNonQuery(async: false)", Chain, "async method 'ReleaseTwiceAsync'", "pass 'async: true' to 'ExecuteNonQuery' and await it"),
                    },
                },
                FixedState =
                {
                    Sources =
                    {
                        DualMode + @"
public class Batch
{
    public Task<int> ReleaseAsync(Command command, CancellationToken cancellationToken) => command.ExecuteNonQuery(async: true, cancellationToken);

    public async Task<int> ReleaseTwiceAsync(Command command, CancellationToken cancellationToken)
        => await command.ExecuteNonQuery(async: true, cancellationToken).ConfigureAwait(false) + 1;
}
",
                    },
                },
                CodeActionEquivalenceKey = TransitiveBlockingCodeFixProvider.AsyncPathKey,
                NumberOfFixAllIterations = 1,
                CodeFixTestBehaviors = CodeFixTestBehaviors.SkipLocalDiagnosticCheck,
            };
            return test.RunAsync();
        }

        [Fact]
        public Task A_synchronous_path_whose_task_is_dropped_gets_no_fix()
        {
            var source = DualMode + @"
public class Batch
{
    public async Task ReleaseLaterAsync(Command command)
    {
        await Task.Yield();
        _ = command.{|#0:ExecuteNonQuery|}(async: false, CancellationToken.None);
    }
}
";
            var test = new Verify.Test
            {
                TestCode = source,
                FixedCode = source,
                CodeFixTestBehaviors = CodeFixTestBehaviors.SkipLocalDiagnosticCheck,
            };
            test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(0).WithArguments("ExecuteNonQuery(async: false)", Chain, "async method 'ReleaseLaterAsync'", "pass 'async: true' to 'ExecuteNonQuery' and await it"));
            return test.RunAsync();
        }

        [Fact]
        public Task The_dual_mode_overload_is_awaited_with_CancellationToken_None_where_no_token_is_in_scope()
        {
            var test = new Verify.Test
            {
                TestState =
                {
                    Sources =
                    {
                        DualMode + @"
public class Batch
{
    public async Task<int> RunAsync(Command command)
    {
        await Task.Yield();
        return command.{|#0:ExecuteNonQuery|}();
    }
}
",
                    },
                    ExpectedDiagnostics =
                    {
                        Verify.Diagnostic().WithLocation(0).WithArguments("ExecuteNonQuery", "ExecuteNonQuery → " + Chain, "async method 'RunAsync'", "call its dual-mode overload 'ExecuteNonQuery(async: true, ...)' and await it"),
                    },
                },
                FixedState =
                {
                    Sources =
                    {
                        DualMode + @"
public class Batch
{
    public async Task<int> RunAsync(Command command)
    {
        await Task.Yield();
        return await command.ExecuteNonQuery(async: true, cancellationToken: CancellationToken.None);
    }
}
",
                    },
                },
                CodeActionEquivalenceKey = TransitiveBlockingCodeFixProvider.CounterpartKey,
                CodeFixTestBehaviors = CodeFixTestBehaviors.SkipLocalDiagnosticCheck,
            };
            return test.RunAsync();
        }
    }
}
