from tui_interview.cli import main

raise SystemExit(main())
