using Microsoft.Extensions.Hosting;
using Streaming.Candidates;
using Streaming.ServiceDefaults;

var builder = Host.CreateApplicationBuilder(args);
builder.AddServiceDefaults();
builder.AddCandidates();
await builder.Build().RunAsync();
