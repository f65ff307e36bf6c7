using OmniSupport.Api;

namespace OmniSupport.Server;

/// <summary>How the Server's builder starts, whatever the working directory it is started from.</summary>
public static class ServerDefaults
{
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        // The content root is the app's folder, not the working directory: appsettings.json and the
        // sample policy file next to the binary are found however the Server is started.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        SafeHostDefaults.AddTo(builder.Configuration);
        return builder;
    }
}
