int a(void);
int b(void);
