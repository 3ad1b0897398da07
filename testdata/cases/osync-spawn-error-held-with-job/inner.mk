a:
	nosuchcmd-a
