package lab.gil; public class Main { public static void main(String[] a){} }
