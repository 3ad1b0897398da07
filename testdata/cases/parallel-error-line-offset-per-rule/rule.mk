$(T): %.b:
	@-sleep $(if $(filter z%,$@),1,0); exit 2
	@sleep 2; false
