using Xunit;
using static TrailWatcher.Tests.Deploy.DeployFiles;

namespace TrailWatcher.Tests.Deploy;

public sealed class KubernetesManifestTests
{
    private const int MetricsPort = 9464;

    [Fact]
    public void Manifests_EveryDocument_HasApiVersionKindAndName()
    {
        var documents = KubernetesDocuments();
        Assert.NotEmpty(documents);
        foreach (var (file, document) in documents)
        {
            Assert.False(string.IsNullOrWhiteSpace(Str(document, "apiVersion")), $"{file}: apiVersion");
            Assert.False(string.IsNullOrWhiteSpace(Str(document, "kind")), $"{file}: kind");
            Assert.False(string.IsNullOrWhiteSpace(Str(document, "metadata.name")), $"{file}: metadata.name");
        }
    }

    [Fact]
    public void Kustomization_Resources_ExistAndCoverEveryManifest()
    {
        var kustomization = Assert.Single(YamlDocuments(DeployPath("kubernetes", "kustomization.yaml")));
        Assert.Equal("Kustomization", Str(kustomization, "kind"));
        var resources = Seq(kustomization, "resources").Cast<string>().ToList();
        foreach (var resource in resources)
        {
            Assert.True(File.Exists(DeployPath("kubernetes", resource)), $"kustomization lists {resource}, which does not exist");
        }

        var manifests = Directory.GetFiles(DeployPath("kubernetes"), "*.yaml").Select(Path.GetFileName).Where(f => f != "kustomization.yaml");
        Assert.All(manifests, m => Assert.Contains(m, resources));
    }

    [Fact]
    public void Deployment_Probes_UseHealthAndReadinessOnTheMetricsPort()
    {
        var container = Container();
        var port = Assert.Single(Seq(container, "ports"), p => Str(p, "name") == "metrics");
        Assert.Equal(MetricsPort, Int(port, "containerPort"));

        AssertProbe(container, "livenessProbe", "/healthz");
        AssertProbe(container, "readinessProbe", "/readyz");
        AssertProbe(container, "startupProbe", "/healthz");
    }

    [Fact]
    public void Deployment_SecurityContext_IsNonRootReadOnlyAndUnprivileged()
    {
        var pod = Map(Kubernetes("Deployment"), "spec.template.spec");
        Assert.Equal("true", Str(pod, "securityContext.runAsNonRoot"));
        Assert.Equal("RuntimeDefault", Str(pod, "securityContext.seccompProfile.type"));

        var container = Container();
        Assert.Equal("true", Str(container, "securityContext.readOnlyRootFilesystem"));
        Assert.Equal("false", Str(container, "securityContext.allowPrivilegeEscalation"));
        Assert.Contains("ALL", Seq(container, "securityContext.capabilities.drop").Cast<string>());
        Assert.NotEqual("true", Str(container, "securityContext.privileged"));

        // A read-only root still needs a writable /tmp: an emptyDir mounted there.
        var tmp = Assert.Single(Seq(container, "volumeMounts"), m => Str(m, "mountPath") == "/tmp");
        var volume = Assert.Single(Seq(pod, "volumes"), v => Str(v, "name") == Str(tmp, "name"));
        Assert.NotNull(At(volume, "emptyDir"));
    }

    [Fact]
    public void Deployment_Resources_HaveRequestsAndLimits()
    {
        var container = Container();
        foreach (var path in (string[])["resources.requests.cpu", "resources.requests.memory", "resources.limits.cpu", "resources.limits.memory"])
        {
            Assert.False(string.IsNullOrWhiteSpace(Str(container, path)), $"container {path}");
        }
    }

    [Fact]
    public void Deployment_TerminationGrace_OutlastsTheWorkersShutdown()
    {
        // The host waits ShutdownGraceSeconds + 15 s; Kubernetes must not kill the pod before.
        var deployment = Kubernetes("Deployment");
        var grace = ShutdownGraceSeconds();
        var termination = Int(deployment, "spec.template.spec.terminationGracePeriodSeconds");
        Assert.True(termination >= 35, $"terminationGracePeriodSeconds {termination} < 35");
        Assert.True(termination >= grace + 15, $"terminationGracePeriodSeconds {termination} < ShutdownGraceSeconds {grace} + 15");
    }

    [Fact]
    public void Deployment_Shape_ReplicasSpreadAndServiceAccount()
    {
        var deployment = Kubernetes("Deployment");
        Assert.Equal(2, Int(deployment, "spec.replicas"));
        Assert.NotEmpty(Seq(deployment, "spec.template.spec.topologySpreadConstraints"));
        AssertSelects(Map(deployment, "spec.selector.matchLabels"), PodLabels(), "Deployment selector");

        var account = Kubernetes("ServiceAccount");
        Assert.Equal(Str(account, "metadata.name"), Str(deployment, "spec.template.spec.serviceAccountName"));
        Assert.StartsWith("arn:aws:iam::", RoleArnAnnotation(account), StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_EveryTrailWatcherVariable_NamesAnExistingSetting()
    {
        using var settings = AppSettings();
        var names = new List<string>();
        names.AddRange(Seq(Container(), "env").Select(e => Str(e, "name") ?? ""));
        foreach (var (_, document) in KubernetesDocuments().Where(d => Str(d.Document, "kind") == "ConfigMap"))
        {
            names.AddRange(Map(document, "data").Keys.Cast<string>());
        }

        var variables = TrailWatcherVariables(names).ToList();
        Assert.Contains("TrailWatcher__Sqs__QueueUrl", variables);
        var problems = variables.Select(v => UnknownSetting(settings.RootElement, v)).OfType<string>().ToList();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Deployment_EnvFrom_ReferencesTheConfigMap()
    {
        var configMap = Kubernetes("ConfigMap");
        var referenced = Seq(Container(), "envFrom").Select(e => Str(e, "configMapRef.name"));
        Assert.Contains(Str(configMap, "metadata.name"), referenced);
    }

    [Fact]
    public void Service_SelectsThePodsAndNamesTheMetricsPort()
    {
        var service = Kubernetes("Service");
        AssertSelects(Map(service, "spec.selector"), PodLabels(), "Service selector");
        var port = Assert.Single(Seq(service, "spec.ports"), p => Str(p, "name") == "metrics");
        Assert.Equal(MetricsPort, Int(port, "port"));
        Assert.Contains(Str(port, "targetPort"), (string?[])["metrics", MetricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
    }

    [Fact]
    public void ServiceMonitor_SelectsTheServiceLabelsAndPortName()
    {
        var monitor = Kubernetes("ServiceMonitor");
        Assert.Equal("monitoring.coreos.com/v1", Str(monitor, "apiVersion"));
        var service = Kubernetes("Service");
        AssertSelects(Map(monitor, "spec.selector.matchLabels"), Map(service, "metadata.labels"), "ServiceMonitor selector");
        var servicePorts = Seq(service, "spec.ports").Select(p => Str(p, "name")).ToList();
        var endpoints = Seq(monitor, "spec.endpoints");
        Assert.NotEmpty(endpoints);
        Assert.All(endpoints, e => Assert.Contains(Str(e, "port"), servicePorts));
        Assert.All(endpoints, e => Assert.Equal("/metrics", Str(e, "path") ?? "/metrics"));
    }

    [Fact]
    public void PodDisruptionBudget_KeepsOneWorker()
    {
        var budget = Kubernetes("PodDisruptionBudget");
        Assert.Equal("policy/v1", Str(budget, "apiVersion"));
        Assert.Equal(1, Int(budget, "spec.minAvailable"));
        AssertSelects(Map(budget, "spec.selector.matchLabels"), PodLabels(), "PDB selector");
    }

    [Fact]
    public void ScaledObject_ScalesTheDeploymentOnTheQueue()
    {
        var scaled = Kubernetes("ScaledObject");
        Assert.Equal("keda.sh/v1alpha1", Str(scaled, "apiVersion"));
        Assert.Equal(Str(Kubernetes("Deployment"), "metadata.name"), Str(scaled, "spec.scaleTargetRef.name"));
        Assert.Equal(1, Int(scaled, "spec.minReplicaCount"));
        Assert.Equal(10, Int(scaled, "spec.maxReplicaCount"));
        Assert.NotNull(At(scaled, "spec.cooldownPeriod"));

        var trigger = Assert.Single(Seq(scaled, "spec.triggers"));
        Assert.Equal("aws-sqs-queue", Str(trigger, "type"));
        Assert.Equal(Str(Kubernetes("ConfigMap"), "data.TrailWatcher__Sqs__QueueUrl"), Str(trigger, "metadata.queueURL"));
        Assert.True(Int(trigger, "metadata.queueLength") > 0);
        Assert.NotNull(At(trigger, "metadata.activationQueueLength"));
        Assert.NotNull(At(trigger, "metadata.awsRegion"));
        Assert.NotEqual("false", Str(trigger, "metadata.scaleOnInFlight"));

        var authentication = Kubernetes("TriggerAuthentication");
        Assert.Equal(Str(authentication, "metadata.name"), Str(trigger, "authenticationRef.name"));
        Assert.Equal("aws", Str(authentication, "spec.podIdentity.provider"));
    }

    private static Dictionary<object, object?> Container() =>
        Assert.IsType<Dictionary<object, object?>>(Assert.Single(Seq(Kubernetes("Deployment"), "spec.template.spec.containers")));

    private static Dictionary<object, object?> PodLabels() => Map(Kubernetes("Deployment"), "spec.template.metadata.labels");

    private static int ShutdownGraceSeconds()
    {
        if (Str(Kubernetes("ConfigMap"), "data.TrailWatcher__Sqs__ShutdownGraceSeconds") is { } configured)
        {
            return int.Parse(configured, System.Globalization.CultureInfo.InvariantCulture);
        }

        using var settings = AppSettings();
        return settings.RootElement.GetProperty("TrailWatcher").GetProperty("Sqs").GetProperty("ShutdownGraceSeconds").GetInt32();
    }

    private static string RoleArnAnnotation(Dictionary<object, object?> account) =>
        Map(account, "metadata.annotations").TryGetValue("eks.amazonaws.com/role-arn", out var arn) && arn is string s
            ? s
            : throw new Xunit.Sdk.XunitException("ServiceAccount has no eks.amazonaws.com/role-arn annotation");

    private static void AssertProbe(Dictionary<object, object?> container, string probe, string path)
    {
        Assert.True(At(container, probe) is not null, $"container has no {probe}");
        Assert.Equal(path, Str(container, $"{probe}.httpGet.path"));
        Assert.Contains(Str(container, $"{probe}.httpGet.port"), (string?[])["metrics", MetricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
    }

    private static void AssertSelects(Dictionary<object, object?> selector, Dictionary<object, object?> labels, string what)
    {
        Assert.NotEmpty(selector);
        foreach (var (key, value) in selector)
        {
            Assert.True(labels.TryGetValue(key, out var label) && Equals(label, value), $"{what}: {key}={value} is not among the labels");
        }
    }
}
