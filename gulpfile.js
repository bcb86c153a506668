const path = require('path');
const { task, src, dest, parallel } = require('gulp');

function copyIcons() {
	const nodeSource = path.resolve('nodes', '**', '*.{png,svg}');
	const nodeDestination = path.resolve('dist', 'nodes');
	src(nodeSource).pipe(dest(nodeDestination));

	const credSource = path.resolve('credentials', '**', '*.{png,svg}');
	const credDestination = path.resolve('dist', 'credentials');
	src(credSource).pipe(dest(credDestination));

	const iconSource = path.resolve('icons', '*.{png,svg}');
	return src(iconSource).pipe(dest(path.resolve('dist', 'icons')));
}

task('build:icons', parallel(copyIcons));
