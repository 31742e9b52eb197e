using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace AsyncLint.Experiments;

/// <summary>
/// Is an "asynchronous" file read on Linux really free of threads? Checks, in this process:
/// 1. whether epoll (what .NET's sockets wait with on Linux) accepts a regular file at all;
/// 2. whether the process opened an io_uring after many async file reads (it counts its eventpoll and io_uring descriptors);
/// 3. how many threads sit in a read() system call while N <c>FileStream.ReadAsync</c> calls are pending, against N
///    pending socket receives. A page-cached disk read is over too fast to catch, so the pending reads are on named
///    pipes (FIFOs), which FileStream opens and reads the same way as regular files;
/// 4. whether cancelling the token of those pending file reads ends them.
/// </summary>
public sealed class FilesExperiment : IExperiment
{
    private const int EpollCtlAdd = 1;
    private const int EpollIn = 1;

    public string Description => "async file reads on Linux: epoll and regular files, io_uring, threads held by pending FileStream.ReadAsync vs socket receives";

    public string Usage => "--pending 8 --json PATH";

    public async Task RunAsync(Options options)
    {
        if (!OperatingSystem.IsLinux())
        {
            Console.WriteLine("# files: Linux only (it reads /proc and calls epoll); nothing measured");
            return;
        }

        var pending = options.Int("pending", 8);
        var folder = Directory.CreateTempSubdirectory("asynclint-files-");
        try
        {
            var facts = new List<Fact>();
            var file = Path.Combine(folder.FullName, "data.bin");
            await File.WriteAllBytesAsync(file, new byte[4 << 20]);

            // 1. epoll and a regular file.
            using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous))
            {
                var (result, errno) = EpollAdd((int)stream.SafeFileHandle.DangerousGetHandle());
                facts.Add(new Fact("epoll_ctl(EPOLL_CTL_ADD) on a regular file", result == 0 ? "accepted" : $"refused: returned {result}, errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)})"));
            }

            var (connected, accepted) = await Loopback.SocketPairAsync();
            using (connected)
            using (accepted)
            {
                var (result, errno) = EpollAdd((int)connected.Handle);
                facts.Add(new Fact("epoll_ctl(EPOLL_CTL_ADD) on a connected TCP socket", result == 0 ? "accepted" : $"refused: errno {errno}"));
            }

            // 2. io_uring after many async file reads.
            var reads = Enumerable.Range(0, 64).Select(async _ =>
            {
                await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous);
                var buffer = new byte[1 << 20];
                return await stream.ReadAsync(buffer);
            });
            await Task.WhenAll(reads);
            await File.ReadAllBytesAsync(file);
            var descriptors = Directory.GetFiles("/proc/self/fd").Select(fd => new FileInfo(fd).LinkTarget ?? string.Empty).ToList();
            facts.Add(new Fact("descriptors of this process after 65 async file reads", $"{descriptors.Count(d => d == "anon_inode:[io_uring]")} io_uring, {descriptors.Count(d => d == "anon_inode:[eventpoll]")} eventpoll"));

            // 3. Threads held by pending reads: FileStream on FIFOs vs sockets.
            var baseline = ThreadsInReadSyscall();
            var fifos = new List<FileStream>();
            var cancel = new CancellationTokenSource();
            var fileReads = new List<Task<int>>();
            for (var i = 0; i < pending; i++)
            {
                var fifo = Path.Combine(folder.FullName, "fifo" + i);
                if (mkfifo(fifo, Convert.ToInt32("600", 8)) != 0)
                {
                    throw new IOException("mkfifo failed: errno " + Marshal.GetLastPInvokeError());
                }

                // ReadWrite: opening a FIFO for reading and writing does not wait for a writer (Linux).
                var stream = new FileStream(fifo, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, 1, FileOptions.Asynchronous);
                fifos.Add(stream);
                fileReads.Add(stream.ReadAsync(new byte[16], cancel.Token).AsTask());
            }

            await Task.Delay(500);
            var inRead = ThreadsInReadSyscall() - baseline;
            facts.Add(new Fact($"{pending} pending FileStream.ReadAsync calls (FileOptions.Asynchronous, on FIFOs), default pool", $"{inRead} threads blocked in a read() system call; pool threads: {ThreadPool.ThreadCount}; the other reads wait in the pool's queue for a thread"));

            ThreadPool.GetMinThreads(out var workers, out var io);
            ThreadPool.SetMinThreads(ThreadPool.ThreadCount + pending + 2, io); // enough threads for every pending read
            await Task.Delay(500);
            inRead = ThreadsInReadSyscall() - baseline;
            facts.Add(new Fact("the same, pool minimum raised so every read can have a thread", $"{inRead} threads blocked in a read() system call, one per pending read; pool threads: {ThreadPool.ThreadCount}"));

            var sockets = new List<(Socket, Socket)>();
            var socketReads = new List<Task<int>>();
            for (var i = 0; i < pending; i++)
            {
                var pair = await Loopback.SocketPairAsync();
                sockets.Add(pair);
                socketReads.Add(pair.Item1.ReceiveAsync(new byte[16].AsMemory(), SocketFlags.None).AsTask());
            }

            await Task.Delay(500);
            var inReadWithSockets = ThreadsInReadSyscall() - baseline;
            facts.Add(new Fact($"{pending} pending Socket.ReceiveAsync calls, added to them", $"{inReadWithSockets - inRead} more threads in a read() system call"));

            // 4. Cancelling the pending file reads.
            var clock = Stopwatch.StartNew();
            cancel.Cancel();
            await Task.Delay(500);
            facts.Add(new Fact("cancelling the token of the pending FileStream reads", $"{fileReads.Count(t => t.IsCompleted)} of {pending} ended within 500 ms"));
            foreach (var fifo in fifos)
            {
                await fifo.WriteAsync(new byte[] { 42 }); // the data the pending reads were waiting for
            }

            var outcomes = await Task.WhenAll(fileReads.Select(async t =>
            {
                try
                {
                    return await t + " byte(s)";
                }
                catch (OperationCanceledException)
                {
                    return "cancelled";
                }
            }));
            facts.Add(new Fact("after one byte was written to each FIFO", string.Join(", ", outcomes.GroupBy(o => o).Select(g => g.Count() + " " + g.Key)) + $", {clock.ElapsedMilliseconds} ms after the cancellation"));

            foreach (var (client, server) in sockets)
            {
                server.Send(new byte[] { 1 });
            }

            await Task.WhenAll(socketReads);
            foreach (var (client, server) in sockets)
            {
                client.Dispose();
                server.Dispose();
            }

            foreach (var fifo in fifos)
            {
                await fifo.DisposeAsync();
            }

            ThreadPool.SetMinThreads(workers, io);
            foreach (var fact in facts)
            {
                Console.WriteLine($"| {fact.What} | {fact.Observed} |");
            }

            JsonReport.Write(options.String("json"), new
            {
                experiment = "files",
                command = "dotnet run -c Release --project samples/AsyncLint.Experiments -- files " + options,
                machine = MachineInfo.Now(),
                loadAverage = MachineInfo.LoadAverage(),
                facts,
            });
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Threads of this process inside read() or pread64() right now (/proc/self/task/*/syscall).</summary>
    private static int ThreadsInReadSyscall()
    {
        var (read, pread) = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => ("0", "17"),
            Architecture.Arm64 => ("63", "67"),
            _ => throw new PlatformNotSupportedException("system call numbers known for x64 and arm64 only"),
        };
        var count = 0;
        foreach (var task in Directory.GetDirectories("/proc/self/task"))
        {
            try
            {
                var number = File.ReadAllText(Path.Combine(task, "syscall")).Split(' ')[0];
                if (number == read || number == pread)
                {
                    count++;
                }
            }
            catch (IOException)
            {
                // the thread ended meanwhile
            }
        }

        return count;
    }

    private static (int Result, int Errno) EpollAdd(int fd)
    {
        var epoll = epoll_create1(0);
        try
        {
            var ev = new byte[16]; // struct epoll_event: events (EPOLLIN) then 8 bytes of user data
            BitConverter.TryWriteBytes(ev, EpollIn);
            var result = epoll_ctl(epoll, EpollCtlAdd, fd, ev);
            return (result, result == 0 ? 0 : Marshal.GetLastPInvokeError());
        }
        finally
        {
            close(epoll);
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int epoll_create1(int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int epoll_ctl(int epfd, int op, int fd, byte[] ev);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern int mkfifo(string path, int mode);

    private sealed record Fact(string What, string Observed);
}
