all: a c
	@echo all done
a: c
c:
	@echo c line 1
	@sleep 0.1
	@echo c line 3
	@sleep 0.1
