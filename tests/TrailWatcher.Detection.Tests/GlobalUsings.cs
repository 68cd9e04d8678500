global using TrailWatcher.Detection.Rules;
global using Xunit;
