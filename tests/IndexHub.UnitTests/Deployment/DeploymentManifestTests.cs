using System.Text.RegularExpressions;
using IndexHub.Api;
using YamlDotNet.RepresentationModel;

namespace IndexHub.UnitTests.Deployment;

/// <summary>
/// Structure checks of the container and cluster files, where no engine runs: each piece refers to things that
/// exist (ports, probes, labels, names, settings), runs as non-root, and is bounded. yamllint checks the syntax in CI.
/// </summary>
public sealed partial class DeploymentManifestTests
{
    private static readonly string Root = FindRoot();

    [Fact]
    public void Dockerfile_is_multi_stage_non_root_with_a_health_check_on_its_one_port()
    {
        var lines = File.ReadAllLines(Path.Combine(Root, "Dockerfile")).Select(l => l.Trim()).ToList();
        var stages = lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();
        Assert.True(stages.Count >= 2, "a build stage and a runtime stage");
        Assert.Contains("sdk", stages[0], StringComparison.Ordinal);
        Assert.Contains("aspnet", stages[^1], StringComparison.Ordinal);

        var runtime = lines.Skip(lines.IndexOf(stages[^1])).ToList();
        var user = Assert.Single(runtime, l => l.StartsWith("USER ", StringComparison.Ordinal));
        Assert.NotEqual("USER root", user);
        Assert.NotEqual("USER 0", user);

        // Restore is its own layer: the project file is copied and restored before the sources.
        var restore = lines.FindIndex(l => l.Contains("dotnet restore", StringComparison.Ordinal));
        var sources = lines.FindIndex(l => l.StartsWith("COPY src/ ", StringComparison.Ordinal));
        Assert.True(restore > 0 && sources > restore, "restore before the sources are copied");

        var port = Assert.Single(runtime, l => l.StartsWith("EXPOSE ", StringComparison.Ordinal))["EXPOSE ".Length..];
        Assert.Contains($"ASPNETCORE_HTTP_PORTS={port}", string.Join(' ', runtime), StringComparison.Ordinal);
        var healthcheck = string.Join(' ', runtime.SkipWhile(l => !l.StartsWith("HEALTHCHECK", StringComparison.Ordinal)).Take(2));
        Assert.Contains("\"healthcheck\"", healthcheck, StringComparison.Ordinal);
        Assert.True(HealthProbe.IsProbe(["healthcheck"]), "the image's health check is a command the service knows");
        Assert.Contains(runtime, l => l.StartsWith("ENTRYPOINT [\"dotnet\", \"IndexHub.Api.dll\"]", StringComparison.Ordinal));
    }

    [Fact]
    public void Compose_runs_the_service_on_a_healthy_postgres_with_a_named_volume()
    {
        var compose = Load("deploy/compose.yaml").Single();
        var services = Map(compose, "services");
        var db = Map(services, "db");
        Assert.StartsWith("postgres:15", Text(db, "image"), StringComparison.Ordinal);
        Assert.NotNull(Map(db, "healthcheck"));
        var volume = Text(Seq(db, "volumes").Children[0]).Split(':')[0];
        Assert.True(Map(compose, "volumes").Children.ContainsKey(new YamlScalarNode(volume)), $"volume {volume} is a named volume");

        var api = Map(services, "api");
        Assert.Equal("../Dockerfile", Path.GetRelativePath(Path.Combine(Root, "deploy"), Path.Combine(Root, "deploy", Text(Map(api, "build"), "context"), Text(Map(api, "build"), "dockerfile"))).Replace('\\', '/'));
        Assert.Equal("service_healthy", Text(Map(Map(api, "depends_on"), "db"), "condition"));
        var environment = Map(api, "environment");
        Assert.Equal("Postgres", Text(environment, "Database__Provider"));
        Assert.Contains("Host=db;", Text(environment, "ConnectionStrings__IndexHub"), StringComparison.Ordinal);
        Assert.Equal("true", Text(environment, "Database__ApplyMigrationsOnStartup"));
        AssertSettingsAreReal(environment.Children.Keys.Select(k => Text(k)));
        Assert.EndsWith(":8080", Text(Seq(api, "ports").Children[0]), StringComparison.Ordinal);
    }

    [Fact]
    public void Kubernetes_pieces_fit_together()
    {
        var documents = Directory.GetFiles(Path.Combine(Root, "deploy", "k8s"), "*.yaml")
            .Where(f => Path.GetFileName(f) != "kustomization.yaml")
            .SelectMany(f => Load(Path.GetRelativePath(Root, f)))
            .ToList();
        foreach (var document in documents)
        {
            Assert.False(string.IsNullOrEmpty(Text(document, "apiVersion")));
            Assert.False(string.IsNullOrEmpty(Text(Map(document, "metadata"), "name")));
        }
        YamlMappingNode Kind(string kind) => Assert.Single(documents, d => Text(d, "kind") == kind);

        // kustomization lists every file.
        var listed = Seq(Load("deploy/k8s/kustomization.yaml").Single(), "resources").Children.Select(n => Text(n)).Order(StringComparer.Ordinal);
        var present = Directory.GetFiles(Path.Combine(Root, "deploy", "k8s"), "*.yaml").Select(Path.GetFileName).Where(f => f != "kustomization.yaml").Order(StringComparer.Ordinal);
        Assert.Equal(present, listed);

        var deployment = Kind("Deployment");
        var name = Text(Map(deployment, "metadata"), "name");
        var spec = Map(deployment, "spec");
        Assert.True(int.Parse(Text(spec, "replicas"), System.Globalization.CultureInfo.InvariantCulture) >= 2);
        var podLabels = Map(Map(Map(spec, "template"), "metadata"), "labels");
        var selector = Map(Map(spec, "selector"), "matchLabels");
        AssertSubset(selector, podLabels);

        var pod = Map(Map(spec, "template"), "spec");
        Assert.Equal("true", Text(Map(pod, "securityContext"), "runAsNonRoot"));
        var container = (YamlMappingNode)Seq(pod, "containers").Children.Single();
        var containerSecurity = Map(container, "securityContext");
        Assert.Equal("false", Text(containerSecurity, "allowPrivilegeEscalation"));
        Assert.Equal("true", Text(containerSecurity, "readOnlyRootFilesystem"));
        var resources = Map(container, "resources");
        foreach (var bound in new[] { "requests", "limits" })
        {
            Assert.NotNull(Text(Map(resources, bound), "cpu"));
            Assert.NotNull(Text(Map(resources, bound), "memory"));
        }
        var port = (YamlMappingNode)Seq(container, "ports").Children.Single();
        Assert.Equal("8080", Text(port, "containerPort"));
        Assert.Equal("/health/live", Text(Map(Map(container, "livenessProbe"), "httpGet"), "path"));
        Assert.Equal("/health/ready", Text(Map(Map(container, "readinessProbe"), "httpGet"), "path"));
        Assert.Equal(Text(port, "name"), Text(Map(Map(container, "readinessProbe"), "httpGet"), "port"));

        // The config it reads exists and holds real settings; so do the variables it sets.
        var configMap = Kind("ConfigMap");
        var sources = Seq(container, "envFrom").Children.Cast<YamlMappingNode>().ToList();
        Assert.Contains(sources, s => s.Children.ContainsKey(new YamlScalarNode("configMapRef")) && Text(Map(s, "configMapRef"), "name") == Text(Map(configMap, "metadata"), "name"));
        AssertSettingsAreReal(Map(configMap, "data").Children.Keys.Select(k => Text(k)));
        var env = Env(container);
        AssertSettingsAreReal(env.Keys);

        // PostgreSQL is a CloudNativePG cluster: one primary and two streaming standbys, with storage.
        var cluster = Kind("Cluster");
        Assert.Equal("postgresql.cnpg.io/v1", Text(cluster, "apiVersion"));
        var clusterName = Text(Map(cluster, "metadata"), "name");
        Assert.Equal("3", Text(Map(cluster, "spec"), "instances"));
        Assert.False(string.IsNullOrEmpty(Text(Map(Map(cluster, "spec"), "storage"), "size")));
        Assert.StartsWith("ghcr.io/cloudnative-pg/postgresql:15", Text(Map(cluster, "spec"), "imageName"), StringComparison.Ordinal);
        Assert.Contains("barmanObjectStore", File.ReadAllText(Path.Combine(Root, "deploy", "k8s", "postgres-cluster.yaml")), StringComparison.Ordinal);

        // A PgBouncer pooler per service of the cluster: rw in front of the primary, ro in front of the standbys.
        var poolers = documents.Where(d => Text(d, "kind") == "Pooler").ToDictionary(p => Text(Map(p, "spec"), "type"), p => p);
        Assert.Equal(["ro", "rw"], poolers.Keys.Order(StringComparer.Ordinal));
        foreach (var pooler in poolers.Values)
        {
            Assert.Equal("postgresql.cnpg.io/v1", Text(pooler, "apiVersion"));
            Assert.Equal(clusterName, Text(Map(Map(pooler, "spec"), "cluster"), "name"));
            Assert.Equal("transaction", Text(Map(Map(pooler, "spec"), "pgbouncer"), "poolMode"));
        }
        string PoolerName(string type) => Text(Map(poolers[type], "metadata"), "name");

        // The service writes through the rw pooler and reads through the ro one, falling back to the primary
        // (Npgsql's multi-host prefer-standby); the password is the one the operator generates for the app user.
        var password = Map(Map(env["DB_PASSWORD"], "valueFrom"), "secretKeyRef");
        Assert.Equal(($"{clusterName}-app", "password"), (Text(password, "name"), Text(password, "key")));
        var write = Npgsql(Text(env["ConnectionStrings__IndexHub"], "value"));
        var read = Npgsql(Text(env["ConnectionStrings__IndexHubRead"], "value"));
        Assert.Equal(PoolerName("rw"), write["Host"]);
        Assert.EndsWith("-rw", write["Host"], StringComparison.Ordinal);
        Assert.Equal([PoolerName("ro"), PoolerName("rw")], read["Host"].Split(','));
        Assert.EndsWith("-ro", read["Host"].Split(',')[0], StringComparison.Ordinal);
        Assert.Equal("prefer-standby", read["Target Session Attributes"]);
        foreach (var connection in new[] { write, read })
        {
            Assert.Equal("$(DB_PASSWORD)", connection["Password"]);
            Assert.Equal("true", connection["No Reset On Close"]);
        }
        var order = Seq(container, "env").Children.Select(e => Text((YamlMappingNode)e, "name")).ToList();
        Assert.True(order.IndexOf("DB_PASSWORD") < order.IndexOf("ConnectionStrings__IndexHub"), "$(DB_PASSWORD) is defined before it is used");

        // Replicas do not migrate; the Job does, with the same image.
        Assert.Equal("false", Text(Map(configMap, "data"), "Database__ApplyMigrationsOnStartup"));
        var job = (YamlMappingNode)Seq(Map(Map(Map(Kind("Job"), "spec"), "template"), "spec"), "containers").Children.Single();
        Assert.Equal(Text(container, "image"), Text(job, "image"));
        // Migrations go straight to the primary's service, not through the transaction pooler.
        Assert.Equal($"{clusterName}-rw", Npgsql(Text(Env(job)["ConnectionStrings__IndexHub"], "value"))["Host"]);
        Assert.Equal("migrate", Text(Seq(job, "args").Children.Single()));
        Assert.True(IndexHub.Api.CommandLine.IsCommand(["migrate"]));

        var service = Kind("Service");
        AssertSubset(Map(Map(service, "spec"), "selector"), podLabels);
        Assert.Equal(Text(port, "name"), Text((YamlMappingNode)Seq(Map(service, "spec"), "ports").Children.Single(), "targetPort"));

        var target = Map(Map(Kind("HorizontalPodAutoscaler"), "spec"), "scaleTargetRef");
        Assert.Equal(("Deployment", name), (Text(target, "kind"), Text(target, "name")));
        var pdb = Map(Kind("PodDisruptionBudget"), "spec");
        AssertSubset(Map(Map(pdb, "selector"), "matchLabels"), podLabels);
        Assert.True(int.Parse(Text(pdb, "minAvailable"), System.Globalization.CultureInfo.InvariantCulture) < int.Parse(Text(spec, "replicas"), System.Globalization.CultureInfo.InvariantCulture),
            "a disruption budget the replicas can meet, or nodes never drain");
    }

    [Fact]
    public void Compose_standby_profile_streams_a_hot_standby_that_a_second_replica_reads()
    {
        var compose = Load("deploy/compose.yaml").Single();
        var services = Map(compose, "services");
        var db = Map(services, "db");
        Assert.Contains("wal_level=replica", string.Join(' ', Seq(db, "command").Children.Select(c => Text(c))), StringComparison.Ordinal);
        var initScript = (YamlMappingNode)Seq(db, "configs").Children.Single();
        Assert.StartsWith("/docker-entrypoint-initdb.d/", Text(initScript, "target"), StringComparison.Ordinal);
        Assert.Contains("host replication", Text(Map(Map(compose, "configs"), Text(initScript, "source")), "content"), StringComparison.Ordinal);

        // Services in the profile only: "docker compose up" alone stays one database and one replica.
        Assert.False(Map(services, "api").Children.ContainsKey(new YamlScalarNode("profiles")));
        var standby = Map(services, "db-standby");
        Assert.Equal("standby", Text(Seq(standby, "profiles").Children.Single()));
        Assert.Equal(Text(db, "image"), Text(standby, "image"));
        var script = Text(Seq(standby, "command").Children.Single());
        Assert.Contains("pg_basebackup --host=db", script, StringComparison.Ordinal);
        Assert.Contains("--write-recovery-conf", script, StringComparison.Ordinal);
        Assert.Equal("service_healthy", Text(Map(Map(standby, "depends_on"), "db"), "condition"));
        var volume = Text(Seq(standby, "volumes").Children[0]).Split(':')[0];
        Assert.True(Map(compose, "volumes").Children.ContainsKey(new YamlScalarNode(volume)), $"volume {volume} is a named volume");
        Assert.NotEqual(Text(Seq(db, "volumes").Children[0]).Split(':')[0], volume);

        var replica = Map(services, "api-replica");
        Assert.Equal("standby", Text(Seq(replica, "profiles").Children.Single()));
        var environment = Map(replica, "environment");
        AssertSettingsAreReal(environment.Children.Keys.Select(k => Text(k)));
        var write = Npgsql(Text(environment, "ConnectionStrings__IndexHub"));
        var read = Npgsql(Text(environment, "ConnectionStrings__IndexHubRead"));
        Assert.Equal(("db,db-standby", "primary"), (write["Host"], write["Target Session Attributes"]));
        Assert.Equal(("db-standby,db", "prefer-standby"), (read["Host"], read["Target Session Attributes"]));
        Assert.NotEqual(Text(Seq(Map(services, "api"), "ports").Children[0]), Text(Seq(replica, "ports").Children[0]));
    }

    /// <summary>An Npgsql connection string's settings by name (spaces around separators allowed, as folded YAML makes them).</summary>
    private static Dictionary<string, string> Npgsql(string connectionString) =>
        connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2))
            .ToDictionary(kv => kv[0].Trim(), kv => kv[1].Trim(), StringComparer.OrdinalIgnoreCase);

    /// <summary>A container's env entries by name, in their order.</summary>
    private static Dictionary<string, YamlMappingNode> Env(YamlMappingNode container) =>
        Seq(container, "env").Children.Cast<YamlMappingNode>().ToDictionary(e => Text(e, "name"), e => e);

    /// <summary>Every IndexHub setting a deployment file sets is one the README's configuration table documents.</summary>
    private static void AssertSettingsAreReal(IEnumerable<string> variables)
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        foreach (var variable in variables.Where(v => v.Contains("__", StringComparison.Ordinal)))
        {
            var setting = TrailingIndex().Replace(variable, "").Replace("__", ":", StringComparison.Ordinal);
            Assert.True(readme.Contains($"`{setting}`", StringComparison.Ordinal), $"{variable} sets {setting}, which README.md's configuration table does not name");
        }
    }

    private static void AssertSubset(YamlMappingNode subset, YamlMappingNode labels)
    {
        foreach (var (key, value) in subset.Children)
        {
            Assert.Equal(Text(value), Text(labels, Text(key)));
        }
    }

    private static List<YamlMappingNode> Load(string relativePath)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(Root, relativePath));
        stream.Load(reader);
        return [.. stream.Documents.Select(d => (YamlMappingNode)d.RootNode)];
    }

    private static YamlMappingNode Map(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) && child is YamlMappingNode map ? map : throw new Xunit.Sdk.XunitException($"no mapping '{key}' at {node.Start}");

    private static YamlSequenceNode Seq(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) && child is YamlSequenceNode sequence ? sequence : throw new Xunit.Sdk.XunitException($"no list '{key}' at {node.Start}");

    private static string Text(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? Text(child) : throw new Xunit.Sdk.XunitException($"no '{key}' at {node.Start}");

    private static string Text(YamlNode node) => node is YamlScalarNode scalar ? scalar.Value ?? "" : throw new Xunit.Sdk.XunitException($"not a scalar at {node.Start}");

    [GeneratedRegex("__[0-9]+$")]
    private static partial Regex TrailingIndex();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IndexHub.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("IndexHub.sln not found above " + AppContext.BaseDirectory);
    }
}
