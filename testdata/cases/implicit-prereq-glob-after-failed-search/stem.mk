private ::?|
