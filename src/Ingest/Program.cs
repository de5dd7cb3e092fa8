Console.WriteLine("Ingest");
