from jurycourt.cli import main

raise SystemExit(main())
