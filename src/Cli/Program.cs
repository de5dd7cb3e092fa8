Console.WriteLine("Cli");
