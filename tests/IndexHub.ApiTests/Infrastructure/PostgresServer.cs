using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Testcontainers.PostgreSql;

namespace IndexHub.ApiTests.Infrastructure;

/// <summary>
/// A real PostgreSQL for the whole test run, from the first source that answers:
/// <list type="number">
/// <item>a connection string in <c>INDEXHUB_TEST_POSTGRES</c>;</item>
/// <item>Testcontainers, where a Docker engine answers;</item>
/// <item>a throwaway cluster from the PostgreSQL binaries on the machine (as the <c>postgres</c> user when run as root), removed afterwards.</item>
/// </list>
/// Where none can be had, PostgreSQL tests are skipped loudly, except under CI, where that fails them.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private PostgreSqlContainer? _container;
    private LocalCluster? _cluster;

    /// <summary>The server's admin connection string, or null when no server could be had.</summary>
    public string? ConnectionString { get; private set; }

    /// <summary>Why no server could be had.</summary>
    public string? Unavailable { get; private set; }

    public string Source { get; private set; } = "none";

    public async ValueTask InitializeAsync()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("INDEXHUB_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            ConnectionString = fromEnvironment;
            Source = "INDEXHUB_TEST_POSTGRES";
            return;
        }
        var reasons = new List<string>();
        if (DockerMayAnswer())
        {
            try
            {
                _container = new PostgreSqlBuilder("postgres:15-alpine").Build();
                await _container.StartAsync();
                ConnectionString = _container.GetConnectionString();
                Source = "Testcontainers";
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                reasons.Add($"Testcontainers: {e.Message}");
                _container = null;
            }
        }
        else
        {
            reasons.Add("Testcontainers: no Docker engine answers");
        }
        try
        {
            _cluster = await LocalCluster.StartAsync();
            ConnectionString = _cluster.ConnectionString;
            Source = $"local cluster from {_cluster.BinDirectory}";
            return;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            reasons.Add($"local binaries: {e.Message}");
        }
        Unavailable = "No PostgreSQL could be had: " + string.Join("; ", reasons);
        await Console.Error.WriteLineAsync($"WARNING: {Unavailable}. PostgreSQL tests will be skipped.");
    }

    /// <summary>A new, empty database on the server, for one test host.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..40];
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    private static bool DockerMayAnswer() =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOCKER_HOST"))
        || (File.Exists("/var/run/docker.sock") && CanConnect("/var/run/docker.sock"));

    private static bool CanConnect(string socketPath)
    {
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(socketPath));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>A cluster of this test run's own, that a test may stop and start (local binaries only).</summary>
    public static Task<LocalCluster> StartPrivateClusterAsync() => LocalCluster.StartAsync();

    /// <summary>initdb + pg_ctl on a free loopback port, in a temporary folder owned by whoever runs the server.</summary>
    public sealed class LocalCluster : IAsyncDisposable
    {
        private readonly string _root;
        private readonly string _dataDirectory;
        private readonly bool _asPostgresUser;

        private LocalCluster(string binDirectory, string root, bool asPostgresUser, int port)
        {
            BinDirectory = binDirectory;
            _root = root;
            _dataDirectory = Path.Combine(root, "data");
            _asPostgresUser = asPostgresUser;
            Port = port;
            ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Timeout=15";
        }

        public string BinDirectory { get; }
        public string ConnectionString { get; }
        public int Port { get; }

        public static async Task<LocalCluster> StartAsync()
        {
            var cluster = await CreateAsync();
            try
            {
                await cluster.RunToolAsync("initdb", ["-D", cluster._dataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"]);
                // Standbys copy this cluster by streaming replication from loopback (initdb's pg_hba allows it too; said here
                // so that no default is relied on).
                await File.AppendAllTextAsync(Path.Combine(cluster._dataDirectory, "pg_hba.conf"), "host replication postgres 127.0.0.1/32 trust\n");
                await cluster.StartServerAsync();
                return cluster;
            }
            catch
            {
                await cluster.DisposeAsync();
                throw;
            }
        }

        /// <summary>
        /// A hot standby of this cluster: <c>pg_basebackup -R</c> into a data directory of its own (which writes
        /// <c>primary_conninfo</c> and <c>standby.signal</c>), started on a port of its own, streaming from this one.
        /// </summary>
        public async Task<LocalCluster> StartStandbyAsync()
        {
            var standby = await CreateAsync();
            try
            {
                await standby.RunToolAsync("pg_basebackup", ["-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres",
                    "-D", standby._dataDirectory, "-R", "-X", "stream", "-c", "fast", "--no-sync"]);
                await standby.StartServerAsync();
                return standby;
            }
            catch
            {
                await standby.DisposeAsync();
                throw;
            }
        }

        /// <summary>Ends recovery: a standby becomes a primary (<c>pg_ctl promote</c>, waiting until it takes writes).</summary>
        public Task PromoteAsync() => RunToolAsync("pg_ctl", ["-D", _dataDirectory, "-w", "-t", "60", "promote"]);

        private static async Task<LocalCluster> CreateAsync()
        {
            var binDirectory = FindBinDirectory() ?? throw new InvalidOperationException("no PostgreSQL server binaries (pg_config --bindir, /usr/lib/postgresql/*/bin)");
            // initdb refuses to run as root; the server then runs as the postgres system user.
            var asPostgresUser = Environment.UserName == "root";
            var root = Path.Combine(Path.GetTempPath(), $"indexhub-pg-{Guid.NewGuid():N}");
            Directory.CreateDirectory(root);
            if (asPostgresUser)
            {
                await RunAsync("chown", ["postgres:postgres", root], asUser: false);
            }
            return new LocalCluster(binDirectory, root, asPostgresUser, FreePort());
        }

        public async Task StartServerAsync()
        {
            // Durability is not what these tests measure; speed is welcome. wal_level=replica and hot_standby=on (the
            // defaults, said here) let a standby stream from this cluster and answer reads while it replays.
            var serverOptions = $"-p {Port} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
                + " -c wal_level=replica -c hot_standby=on -c max_wal_senders=5";
            await RunToolAsync("pg_ctl", ["-D", _dataDirectory, "-o", serverOptions, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60", "start"]);
        }

        public Task StopServerAsync() => RunToolAsync("pg_ctl", ["-D", _dataDirectory, "-m", "fast", "-w", "stop"]);

        public async ValueTask DisposeAsync()
        {
            if (File.Exists(Path.Combine(_dataDirectory, "postmaster.pid")))
            {
                try
                {
                    await RunToolAsync("pg_ctl", ["-D", _dataDirectory, "-m", "immediate", "-w", "stop"]);
                }
                catch (InvalidOperationException e)
                {
                    await Console.Error.WriteLineAsync($"WARNING: stopping the test cluster failed: {e.Message}");
                }
            }
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException e)
            {
                await Console.Error.WriteLineAsync($"WARNING: could not remove {_root}: {e.Message}");
            }
        }

        private Task RunToolAsync(string tool, IReadOnlyList<string> arguments) =>
            RunAsync(Path.Combine(BinDirectory, tool), arguments, _asPostgresUser);

        private static async Task RunAsync(string program, IReadOnlyList<string> arguments, bool asUser)
        {
            var start = new ProcessStartInfo(asUser ? "runuser" : program)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = Path.GetTempPath(),
            };
            if (asUser)
            {
                foreach (var a in new[] { "-u", "postgres", "--", program })
                {
                    start.ArgumentList.Add(a);
                }
            }
            foreach (var a in arguments)
            {
                start.ArgumentList.Add(a);
            }
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(timeout.Token);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{Path.GetFileName(program)} exited with {process.ExitCode}: {await stderr}{await stdout}");
            }
        }

        private static string? FindBinDirectory()
        {
            try
            {
                var start = new ProcessStartInfo("pg_config", "--bindir") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                using var process = Process.Start(start);
                var output = process?.StandardOutput.ReadToEnd().Trim();
                process?.WaitForExit();
                if (process?.ExitCode == 0 && File.Exists(Path.Combine(output!, "initdb")))
                {
                    return output;
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // No pg_config on PATH; look in Debian's place.
            }
            return Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql")
                    .Select(d => Path.Combine(d, "bin"))
                    .Where(d => File.Exists(Path.Combine(d, "initdb")))
                    .OrderByDescending(d => d, StringComparer.Ordinal)
                    .FirstOrDefault()
                : null;
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
