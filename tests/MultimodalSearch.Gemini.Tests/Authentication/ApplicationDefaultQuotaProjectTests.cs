using System.Text.Json.Nodes;
using MultimodalSearch.Gemini.Authentication;
using MultimodalSearch.Gemini.Tests.Infrastructure;

namespace MultimodalSearch.Gemini.Tests.Authentication;

/// <summary>
/// A user's Application Default Credentials (what <c>gcloud auth application-default login</c> writes) carry
/// <c>quota_project_id</c>; the token source reports it for <c>x-goog-user-project</c>.
/// </summary>
[Collection(SerialEnvironmentTestGroup.Name)]
public sealed class ApplicationDefaultQuotaProjectTests : IDisposable
{
    private const string Variable = "GOOGLE_APPLICATION_CREDENTIALS";
    private readonly string? _saved = Environment.GetEnvironmentVariable(Variable);
    private readonly string _file = Path.Combine(Path.GetTempPath(), "adc-" + Guid.NewGuid().ToString("N") + ".json");

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(Variable, _saved);
        File.Delete(_file);
    }

    // Google.Apis.Auth caches Application Default Credentials for the process, so only one case runs through
    // it; a credential without a quota project is covered with QuotaProjectTokenSource.
    [Fact]
    public async Task User_credentials_report_their_quota_project()
    {
        const string quotaProject = "billing-project";
        var json = new JsonObject
        {
            ["type"] = "authorized_user",
            ["client_id"] = "client-1.apps.googleusercontent.com",
            ["client_secret"] = "secret-1",
            ["refresh_token"] = "refresh-1",
        };
        json["quota_project_id"] = quotaProject;

        await File.WriteAllTextAsync(_file, json.ToJsonString());
        Environment.SetEnvironmentVariable(Variable, _file);
        var source = new GoogleCredentialAccessTokenSource(credentialsFile: null);

        Assert.Equal(quotaProject, await source.GetQuotaProjectAsync(CancellationToken.None));
    }
}
